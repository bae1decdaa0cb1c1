// The environment's certificate authority (issue 15): made on first use, its key sealed at rest
// (lib/crypto) and unsealed only here, for one signature, into a private temporary directory that
// is removed right after. Certificates are made by the machine's `openssl` (execFile, no shell).
import { execFile } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { seal, unseal } from "@/lib/crypto";
import { AppError } from "@/lib/errors";

function openssl(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("openssl", args, { cwd, timeout: 15_000, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(new Error(`openssl ${args[0]} failed: ${String(stderr).slice(0, 500)}`), { cause: err }));
      else resolve(String(stdout));
    });
  });
}

async function inTempDir<T>(fn: (dir: string, write: (name: string, text: string) => string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-ca-")); // mode 0700
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text, { mode: 0o600 });
    return p;
  };
  try {
    return await fn(dir, write);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function newKeyPem(): string {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

const serial = () =>
  "0x" +
  randomBytes(16)
    .toString("hex")
    .replace(/^[89a-f]/, "1");

/** The environment's CA certificate (PEM), made on first use. */
export async function environmentCa(environmentId: string, tenantId: string | null): Promise<{ certPem: string; keyEnc: string }> {
  const found = await db.environmentCa.findUnique({ where: { environmentId } });
  if (found) return found;
  const key = newKeyPem();
  const certPem = await inTempDir(async (dir, write) => {
    write("ca.key", key);
    write(
      "ca.cnf",
      [
        "[req]",
        "distinguished_name=dn",
        "x509_extensions=v3_ca",
        "prompt=no",
        "[dn]",
        `CN=CaaS environment ${environmentId} CA`,
        "[v3_ca]",
        "basicConstraints=critical,CA:TRUE,pathlen:0",
        "keyUsage=critical,keyCertSign,cRLSign",
        "subjectKeyIdentifier=hash",
        "",
      ].join("\n"),
    );
    await openssl(["req", "-x509", "-new", "-key", "ca.key", "-config", "ca.cnf", "-days", "3650", "-sha256", "-set_serial", serial(), "-out", "ca.pem"], dir);
    return fs.readFileSync(path.join(dir, "ca.pem"), "utf8");
  });
  try {
    return await db.environmentCa.create({ data: { environmentId, tenantId, certPem, keyEnc: seal(key) } });
  } catch {
    // Two first uses at once: the other one's CA wins.
    return db.environmentCa.findUniqueOrThrow({ where: { environmentId } });
  }
}

export interface CsrNames {
  /** RFC 2253 subject, e.g. "CN=lab3" */
  subject: string;
  dns: string[];
  ips: string[];
}

/** Subject CN and subjectAltName entries of a PEM CSR whose self-signature verifies. */
export async function readCsr(csrPem: string): Promise<CsrNames> {
  if (!/^-----BEGIN CERTIFICATE REQUEST-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE REQUEST-----\s*$/.test(csrPem.trim() + "\n")) {
    throw badCsr("The certificate request is not a PEM CERTIFICATE REQUEST.");
  }
  return inTempDir(async (dir, write) => {
    write("host.csr", csrPem);
    let text: string;
    try {
      await openssl(["req", "-in", "host.csr", "-noout", "-verify"], dir);
      text = await openssl(["req", "-in", "host.csr", "-noout", "-text", "-nameopt", "RFC2253"], dir);
    } catch {
      throw badCsr("The certificate request cannot be read or its signature does not verify.");
    }
    const subject = /^\s*Subject:\s*(.*)$/m.exec(text)?.[1]?.trim() ?? "";
    const lines = text.split("\n");
    const i = lines.findIndex((l) => l.includes("X509v3 Subject Alternative Name"));
    const entries =
      i >= 0
        ? (lines[i + 1] ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    const dns: string[] = [];
    const ips: string[] = [];
    for (const e of entries) {
      if (e.startsWith("DNS:")) dns.push(e.slice(4));
      else if (e.startsWith("IP Address:")) ips.push(e.slice(11));
      else throw badCsr("The certificate request names something other than the host's name and address.");
    }
    return { subject, dns, ips };
  });
}

function badCsr(message: string): AppError {
  return new AppError("VALIDATION", message, [{ path: "csr", message }], { i18n: { key: "hostreg.errors.badCsr" } });
}

/** Signs a host's server certificate for exactly `name` and `address` (the CSR's own extensions
 * are ignored: the certificate says what the portal decided). */
export async function signServerCert(
  ca: { certPem: string; keyEnc: string },
  csrPem: string,
  names: { name: string; address: string },
): Promise<{ certPem: string; serial: string }> {
  const sn = serial();
  const certPem = await inTempDir(async (dir, write) => {
    write("ca.pem", ca.certPem);
    write("ca.key", unseal(ca.keyEnc));
    write("host.csr", csrPem);
    write(
      "ext.cnf",
      [
        "[v3]",
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth",
        `subjectAltName=IP:${names.address},DNS:${names.name}`,
        "",
      ].join("\n"),
    );
    await openssl(
      [
        "x509",
        "-req",
        "-in",
        "host.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-set_serial",
        sn,
        "-days",
        "825",
        "-sha256",
        "-extfile",
        "ext.cnf",
        "-extensions",
        "v3",
        "-out",
        "host.pem",
      ],
      dir,
    );
    return fs.readFileSync(path.join(dir, "host.pem"), "utf8");
  });
  return { certPem, serial: sn };
}

/** A client certificate (and its new key) the portal uses to talk to the environment's engines. */
export async function issueClientCert(ca: { certPem: string; keyEnc: string }, label: string): Promise<{ certPem: string; keyPem: string }> {
  const keyPem = newKeyPem();
  const certPem = await inTempDir(async (dir, write) => {
    write("ca.pem", ca.certPem);
    write("ca.key", unseal(ca.keyEnc));
    write("client.key", keyPem);
    write("ext.cnf", ["[v3]", "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=clientAuth", ""].join("\n"));
    await openssl(["req", "-new", "-key", "client.key", "-subj", `/CN=${label.replace(/[^A-Za-z0-9._-]/g, "-")}`, "-out", "client.csr"], dir);
    await openssl(
      [
        "x509",
        "-req",
        "-in",
        "client.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-set_serial",
        serial(),
        "-days",
        "825",
        "-sha256",
        "-extfile",
        "ext.cnf",
        "-extensions",
        "v3",
        "-out",
        "client.pem",
      ],
      dir,
    );
    return fs.readFileSync(path.join(dir, "client.pem"), "utf8");
  });
  return { certPem, keyPem };
}
