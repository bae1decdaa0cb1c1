// Real Distribution registries for tests (Debian `docker-registry`, /usr/bin/docker-registry), each on
// a free loopback port with its own temporary storage and config: no auth, htpasswd (bcrypt from
// bcryptjs, already a dependency) or token auth with a small token server of the test's own (RS256,
// libtrust key id, the same token format as the portal's). Nothing shared with the lab or the
// portal: a suite using only this may run outside the machine-wide test lock.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import bcrypt from "bcryptjs";
import { SignJWT } from "jose";
import { libtrustKeyId } from "@/lib/registry/token-keys";

const BINARY = process.env.CAAS_REGISTRY_BINARY || "/usr/bin/docker-registry";
const run = promisify(execFile);

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, host, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Installs the Debian package when the binary is missing, as scripts/setup-system.sh does. */
export async function ensureRegistryBinary(): Promise<void> {
  if (fs.existsSync(BINARY)) return;
  await run("apt-get", ["install", "-y", "--no-install-recommends", "docker-registry"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (!fs.existsSync(BINARY)) throw new Error(`${BINARY} is still missing after apt-get install docker-registry`);
}

export interface TokenServer {
  url: string;
  realm: string;
  service: string;
  issuer: string;
  certFile: string;
  /** Tokens issued, with the scopes asked for (tests check what was asked). */
  issued: { user: string; scopes: string[] }[];
  /** A token for the given scopes, as a client with valid credentials would get it. */
  token(scopes: string[]): Promise<string>;
  close(): Promise<void>;
}

/** A token realm: Basic credentials `user:password` get a token for exactly the scopes asked for. */
export async function startTokenServer(dir: string, user: string, password: string): Promise<TokenServer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyFile = path.join(dir, "token.key");
  const certFile = path.join(dir, "token.crt");
  fs.writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  await run("openssl", ["req", "-x509", "-new", "-key", keyFile, "-subj", "/CN=test-registry-token", "-days", "2", "-out", certFile]);
  const kid = libtrustKeyId(publicKey);
  const service = "test-registry";
  const issuer = "test-issuer";
  const issued: TokenServer["issued"] = [];
  const sign = async (sub: string, scopes: string[]) => {
    const access = scopes.map((s) => {
      const [type, ...rest] = s.split(":");
      const actions = rest.pop() ?? "";
      return { type, name: rest.join(":"), actions: actions.split(",").filter(Boolean) };
    });
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ access })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
      .setIssuer(issuer)
      .setSubject(sub)
      .setAudience(service)
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + 300)
      .setJti(randomBytes(8).toString("hex"))
      .sign(privateKey);
  };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const auth = req.headers.authorization ?? "";
    const given = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString("utf8") : "";
    if (given !== `${user}:${password}` || u.searchParams.get("service") !== service) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const scopes = u.searchParams.getAll("scope");
    issued.push({ user, scopes });
    void sign(user, scopes).then((token) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token, expires_in: 300 })));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url,
    realm: `${url}/token`,
    service,
    issuer,
    certFile,
    issued,
    token: (scopes) => sign(user, scopes),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export type RegistryAuth =
  | { kind: "none" }
  | { kind: "htpasswd"; user: string; password: string }
  | { kind: "token"; server: TokenServer }
  /** Token auth trusting another realm's certificate (the portal's: a region registry as issue 17
   * describes it); `token` gives the test's own client a token for a repository. */
  | { kind: "trust"; realm: string; service: string; issuer: string; certFile: string; token(repository: string): Promise<string> };

export interface TestRegistry {
  name: string;
  url: string;
  port: number;
  storage: string;
  auth: RegistryAuth;
  /** Headers for a request on `repository` (push and pull), as the test's own client. */
  authHeaders(repository: string): Promise<Record<string, string>>;
  /** Its log (requests too when started with `accessLog`: client address, method, path, status). */
  logFile: string;
  /** Files of blob data in the storage (content-addressed: one per digest). */
  blobCount(): number;
  stop(): Promise<void>;
  /** Starts it again on the same port and storage. */
  start(): Promise<void>;
  running(): boolean;
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: string) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${fs.readFileSync(log, "utf8").slice(-800)}`);
    try {
      const r = await fetch(`${url}/v2/`);
      await r.body?.cancel();
      if (r.status === 200 || r.status === 401) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry on ${url} did not answer: ${fs.readFileSync(log, "utf8").slice(-800)}`);
}

/** A registry in `parent`/<name> (config, storage, log). Stop it (or the set) in afterAll. */
export async function startRegistry(parent: string, name: string, auth: RegistryAuth, o: { host?: string; accessLog?: boolean } = {}): Promise<TestRegistry> {
  const dir = path.join(parent, name);
  const storage = path.join(dir, "storage");
  fs.mkdirSync(storage, { recursive: true });
  const host = o.host ?? "127.0.0.1";
  const port = await freePort(host);
  const url = `http://${host}:${port}`;
  let authYml = "";
  if (auth.kind === "htpasswd") {
    const file = path.join(dir, "htpasswd");
    fs.writeFileSync(file, `${auth.user}:${bcrypt.hashSync(auth.password, 6)}\n`);
    authYml = `auth:\n  htpasswd:\n    realm: ${JSON.stringify(name)}\n    path: ${JSON.stringify(file)}\n`;
  } else if (auth.kind === "token" || auth.kind === "trust") {
    const s = auth.kind === "token" ? auth.server : auth;
    authYml = `auth:\n  token:\n    realm: ${JSON.stringify(s.realm)}\n    service: ${JSON.stringify(s.service)}\n    issuer: ${JSON.stringify(s.issuer)}\n    rootcertbundle: ${JSON.stringify(s.certFile)}\n`;
  }
  const config = path.join(dir, "config.yml");
  fs.writeFileSync(
    config,
    `version: 0.1
log:
  level: warn
  accesslog:
    disabled: ${o.accessLog ? "false" : "true"}
storage:
  filesystem:
    rootdirectory: ${JSON.stringify(storage)}
  delete:
    enabled: true
http:
  addr: ${JSON.stringify(`${host}:${port}`)}
  secret: ${JSON.stringify(randomBytes(16).toString("hex"))}
${authYml}`,
  );
  const log = path.join(dir, "registry.log");
  let child: ChildProcess | null = null;
  const start = async () => {
    const fd = fs.openSync(log, "a");
    // setpriv ends the registry with the test process, even when it is killed.
    const [cmd, args] = fs.existsSync("/usr/bin/setpriv")
      ? ["/usr/bin/setpriv", ["--pdeathsig", "KILL", BINARY, "serve", config]]
      : [BINARY, ["serve", config]];
    const c = spawn(cmd, args, { stdio: ["ignore", fd, fd], env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv });
    fs.closeSync(fd);
    child = c;
    await waitUntilAnswering(url, c, log);
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once("exit", () => resolve());
      c.kill("SIGKILL");
    });
  await start();
  return {
    name,
    url,
    port,
    storage,
    auth,
    logFile: log,
    async authHeaders(repository): Promise<Record<string, string>> {
      if (auth.kind === "htpasswd") return { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}` };
      if (auth.kind === "token") return { authorization: `Bearer ${await auth.server.token([`repository:${repository}:pull,push,delete`])}` };
      if (auth.kind === "trust") return { authorization: `Bearer ${await auth.token(repository)}` };
      return {};
    },
    blobCount() {
      const root = path.join(storage, "docker", "registry", "v2", "blobs", "sha256");
      if (!fs.existsSync(root)) return 0;
      let n = 0;
      for (const a of fs.readdirSync(root)) for (const b of fs.readdirSync(path.join(root, a))) if (fs.existsSync(path.join(root, a, b, "data"))) n++;
      return n;
    },
    stop,
    start,
    running: () => child !== null && child.exitCode === null,
  };
}

/** A scratch directory under the system's temp dir, removed when this test process exits (the
 * registries' blobs are ~100 MB with the replication suites' layers). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  if (scratch.length === 1) process.once("exit", () => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return dir;
}
const scratch: string[] = [];

// ---- pushing test content over the HTTP API (the test's own client, not the code under test) ----

/** A registry the test pushes to: a TestRegistry, or the portal's registry with a member's token. */
export interface PushTarget {
  url: string;
  authHeaders(repository: string): Promise<Record<string, string>>;
}

const DOCKER_MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
const OCI_MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  OCI_MANIFEST_TYPE,
  DOCKER_MANIFEST_TYPE,
].join(", ");
const sha256 = (b: Uint8Array) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

export async function pushBlob(reg: PushTarget, repo: string, data: Uint8Array): Promise<{ digest: string; size: number }> {
  const digest = sha256(data);
  const h = await reg.authHeaders(repo);
  const start = await fetch(`${reg.url}/v2/${repo}/blobs/uploads/`, { method: "POST", headers: h });
  if (start.status !== 202) throw new Error(`starting an upload to ${repo}: HTTP ${start.status} ${await start.text()}`);
  const loc = new URL(start.headers.get("location")!, reg.url);
  loc.searchParams.set("digest", digest);
  const put = await fetch(loc, { method: "PUT", headers: { ...h, "content-type": "application/octet-stream" }, body: new Uint8Array(data) });
  if (put.status !== 201) throw new Error(`uploading a blob to ${repo}: HTTP ${put.status} ${await put.text()}`);
  return { digest, size: data.byteLength };
}

export async function pushManifest(reg: PushTarget, repo: string, ref: string, mediaType: string, doc: object): Promise<string> {
  const raw = Buffer.from(JSON.stringify(doc));
  const r = await fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, {
    method: "PUT",
    headers: { ...(await reg.authHeaders(repo)), "content-type": mediaType },
    body: raw,
  });
  if (r.status !== 201) throw new Error(`putting ${repo}:${ref}: HTTP ${r.status} ${await r.text()}`);
  return sha256(raw);
}

/** One image: a config and `layers` random layers (sizes in bytes); answers its manifest digest. */
export async function pushImage(reg: PushTarget, repo: string, ref: string, o: { arch: string; layers: number[]; docker?: boolean }) {
  const config = Buffer.from(
    JSON.stringify({ architecture: o.arch, os: "linux", rootfs: { type: "layers", diff_ids: [] }, created: new Date().toISOString() }),
  );
  const c = await pushBlob(reg, repo, config);
  const layers = [];
  for (const size of o.layers) layers.push(await pushBlob(reg, repo, randomBytes(size)));
  const docker = o.docker === true;
  const mediaType = docker ? DOCKER_MANIFEST_TYPE : OCI_MANIFEST_TYPE;
  const doc = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json", ...c },
    layers: layers.map((l) => ({
      mediaType: docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip",
      ...l,
    })),
  };
  const raw = Buffer.from(JSON.stringify(doc));
  const digest = await pushManifest(reg, repo, ref, mediaType, doc);
  return { digest, size: raw.byteLength, mediaType, blobs: [c.digest, ...layers.map((l) => l.digest)] };
}

/** What a registry answers for a reference: digest and content type, by the test's own client. */
export async function head(reg: PushTarget, repo: string, ref: string): Promise<{ status: number; digest: string | null; type: string | null }> {
  const r = await fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, {
    method: "HEAD",
    headers: { ...(await reg.authHeaders(repo)), accept: MANIFEST_ACCEPT },
  });
  return { status: r.status, digest: r.headers.get("docker-content-digest"), type: r.headers.get("content-type") };
}
