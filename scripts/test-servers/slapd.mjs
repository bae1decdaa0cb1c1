// A private OpenLDAP server for the identity tests (issue 14): Debian's slapd as a child process on
// a free loopback port, its own cn=config and database under a temporary folder, StartTLS with a
// CA generated here, and a seed directory (users, groups, a nested group, a disabled user). Never
// the machine's system slapd service. Usage from a test: `const ldap = await startSlapd(); …;
// await ldap.stop()`. From a shell: `node scripts/test-servers/slapd.mjs` prints the connection
// facts as JSON and runs until interrupted.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const SUFFIX = "dc=example,dc=test";
export const ROOT_DN = `cn=admin,${SUFFIX}`;
export const READER_DN = `cn=reader,ou=services,${SUFFIX}`;

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function makeCa(dir) {
  const f = (n) => path.join(dir, n);
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=caas-test-ldap-ca",
  ]);
  await run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", f("server.key"), "-out", f("server.csr"), "-subj", "/CN=127.0.0.1"]);
  fs.writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-out",
    f("server.pem"),
    "-days",
    "2",
    "-extfile",
    f("ext.cnf"),
  ]);
  return fs.readFileSync(f("ca.pem"), "utf8");
}

function configLdif(dir, rootPw) {
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: ${dir}/slapd.pid
olcArgsFile: ${dir}/slapd.args
olcTLSCACertificateFile: ${dir}/ca.pem
olcTLSCertificateFile: ${dir}/server.pem
olcTLSCertificateKeyFile: ${dir}/server.key

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb
olcModuleLoad: memberof

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/nis.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: 500

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: ${SUFFIX}
olcRootDN: ${ROOT_DN}
olcRootPW: ${rootPw}
olcDbDirectory: ${dir}/db
olcDbMaxSize: 104857600
olcDbIndex: objectClass eq
olcDbIndex: uid,mail eq
olcDbIndex: member eq
olcDbIndex: entryUUID eq
olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {1}to * by users read by * none

dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {0}memberof
olcMemberOfRefInt: TRUE
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf
`;
}

export const USERS = {
  alice: { password: "alice-ldap-pass-1", mail: "alice@corp.example", cn: "Alice Directory" },
  bob: { password: "bob-ldap-pass-1", mail: "bob@corp.example", cn: "Bob Directory" },
  carol: { password: "carol-ldap-pass-1", mail: "carol@corp.example", cn: "Carol Disabled", disabled: true },
  dave: { password: "dave-ldap-pass-1", mail: "dave@corp.example", cn: "Dave Nested" },
};

function seedLdif(readerPw) {
  const people = Object.entries(USERS)
    .map(
      ([uid, u]) => `dn: uid=${uid},ou=people,${SUFFIX}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${u.cn}
sn: ${uid}
mail: ${u.mail}
userPassword: ${u.password}
${u.disabled ? "employeeType: disabled\n" : ""}`,
    )
    .join("\n");
  return `dn: ${SUFFIX}
objectClass: dcObject
objectClass: organization
dc: example
o: Example Corp

dn: ou=people,${SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: ou=services,${SUFFIX}
objectClass: organizationalUnit
ou: services

dn: ${READER_DN}
objectClass: simpleSecurityObject
objectClass: organizationalRole
cn: reader
userPassword: ${readerPw}

${people}
dn: cn=developers,ou=groups,${SUFFIX}
objectClass: groupOfNames
cn: developers
member: uid=alice,ou=people,${SUFFIX}
member: uid=carol,ou=people,${SUFFIX}

dn: cn=platform-admins,ou=groups,${SUFFIX}
objectClass: groupOfNames
cn: platform-admins
member: uid=bob,ou=people,${SUFFIX}

dn: cn=contractors,ou=groups,${SUFFIX}
objectClass: groupOfNames
cn: contractors
member: uid=dave,ou=people,${SUFFIX}

dn: cn=all-engineering,ou=groups,${SUFFIX}
objectClass: groupOfNames
cn: all-engineering
member: cn=contractors,ou=groups,${SUFFIX}
`;
}

/** Starts the server; resolves once it answers. */
export async function startSlapd({ port } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-slapd-"));
  fs.mkdirSync(path.join(dir, "db"));
  fs.mkdirSync(path.join(dir, "slapd.d"));
  const rootPw = "root-" + Math.random().toString(36).slice(2);
  const readerPw = "reader-" + Math.random().toString(36).slice(2);
  const caPem = await makeCa(dir);
  fs.writeFileSync(path.join(dir, "config.ldif"), configLdif(dir, rootPw));
  await run("slapadd", ["-n", "0", "-F", path.join(dir, "slapd.d"), "-l", path.join(dir, "config.ldif")]);
  port ??= await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const child = spawn("slapd", ["-h", `${url}/`, "-F", path.join(dir, "slapd.d"), "-d", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}: ${stderr}`);
    try {
      await run("ldapsearch", ["-x", "-H", url, "-D", ROOT_DN, "-w", rootPw, "-b", "", "-s", "base", "(objectClass=*)"]);
      break;
    } catch {
      if (Date.now() > until) throw new Error(`slapd did not answer on ${url}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const admin = async (tool, ldif) => {
    const file = path.join(dir, `op-${Date.now()}-${Math.random().toString(36).slice(2)}.ldif`);
    fs.writeFileSync(file, ldif);
    await run(tool, ["-x", "-H", url, "-D", ROOT_DN, "-w", rootPw, "-f", file]);
  };
  await admin("ldapadd", seedLdif(readerPw));
  let stopped = false;
  return {
    url,
    port,
    dir,
    caPem,
    suffix: SUFFIX,
    readerDn: READER_DN,
    readerPassword: readerPw,
    users: USERS,
    /** Runs ldapmodify as the root DN with this LDIF (changetype records). */
    modify: (ldif) => admin("ldapmodify", ldif),
    /** Stops the server (keeps the data): a "directory down" for the tests. */
    async pause() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startSlapd();
  console.log(
    JSON.stringify({ url: s.url, suffix: s.suffix, readerDn: s.readerDn, readerPassword: s.readerPassword, caFile: path.join(s.dir, "ca.pem") }, null, 2),
  );
  const end = () => void s.stop().then(() => process.exit(0));
  process.on("SIGINT", end);
  process.on("SIGTERM", end);
}
