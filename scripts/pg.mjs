#!/usr/bin/env node
// A private PostgreSQL server for tests, the bench and `npm start` on PostgreSQL: Debian's server
// binaries, run as a child of this project on a free loopback port with its own data directory,
// never the machine's system cluster. Commands are argument arrays (never shell strings).
//
//   node scripts/pg.mjs start [dir]   initdb when the folder is new, start, create database `caas`;
//                                     prints DATABASE_URL=postgresql://caas@127.0.0.1:<port>/caas
//   node scripts/pg.mjs stop [dir]    fast shutdown
//   node scripts/pg.mjs url [dir]     prints the URL of a running server
//
// As a module: `const pg = await startPostgres({ dir })` → { url, port, dir, stop() }.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const VERSIONS = ["17", "16", "15", "14", "13"];
export const DATABASE = "caas";
export const USER = "caas";

/** The folder of Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres). */
export function pgBinDir() {
  if (process.env.CAAS_PG_BIN) return process.env.CAAS_PG_BIN;
  for (const v of VERSIONS) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  throw new Error("PostgreSQL server binaries not found (install Debian's `postgresql`: scripts/setup-system.sh)");
}

const isRoot = () => process.getuid?.() === 0;

function exec(cmd, args, { asPostgres = false, quiet = true } = {}) {
  // initdb and the server refuse to run as root: drop to the `postgres` account.
  const [c, a] = asPostgres && isRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const child = spawn(c, a, { stdio: ["ignore", quiet ? "pipe" : "inherit", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout?.resume();
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (exit ${code}): ${err.trim().slice(-800)}`))));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function owner(dir) {
  if (!isRoot()) return;
  const { uid, gid } = fs.statSync("/var/lib/postgresql", { throwIfNoEntry: false }) ?? {};
  const pw = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!pw) throw new Error("the `postgres` system account is missing (install Debian's `postgresql`)");
  const [, , u, g] = pw.split(":");
  fs.chownSync(dir, Number(u ?? uid), Number(g ?? gid));
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

const portFile = (dir) => path.join(dir, "caas-port");
export const urlFor = (port) => `postgresql://${USER}@127.0.0.1:${port}/${DATABASE}`;

/** Starts (creating when new) a private server in `dir`; `dir` defaults to a new temporary folder.
 * `fast` (tests only) turns durability off. */
export async function startPostgres({ dir, port, fast = false } = {}) {
  const bin = pgBinDir();
  if (!dir) {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "caas-pg-"));
    fs.chmodSync(parent, 0o755); // traversable by `postgres`
    dir = path.join(parent, "data");
  }
  dir = path.resolve(dir);
  const fresh = !fs.existsSync(path.join(dir, "PG_VERSION"));
  if (fresh) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let p = path.dirname(dir); isRoot() && p !== "/"; p = path.dirname(p)) {
    // every parent must be traversable by `postgres` (x only: nothing becomes readable)
    const m = fs.statSync(p).mode & 0o777;
    if ((m & 0o001) === 0) fs.chmodSync(p, m | 0o001);
  }
  if (fresh) {
    owner(dir);
    await exec(path.join(bin, "initdb"), ["-D", dir, "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], { asPostgres: true });
  }
  // A server started again keeps its port (its URL stays valid) when that port is free.
  const stored = fs.existsSync(portFile(dir)) ? Number(fs.readFileSync(portFile(dir), "utf8").trim()) : undefined;
  port ??= stored && (await portIsFree(stored)) ? stored : await freePort();
  fs.writeFileSync(portFile(dir), String(port));
  owner(portFile(dir));
  let opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  // Throw-away test servers need no durability across a power cut.
  if (fast) opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  await exec(path.join(bin, "pg_ctl"), ["-D", dir, "-o", opts, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"], { asPostgres: true });
  const url = urlFor(port);
  if (fresh) await exec(path.join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", USER, DATABASE]);
  return { url, port, dir, stop: () => stopPostgres(dir) };
}

export async function stopPostgres(dir) {
  if (!fs.existsSync(path.join(dir, "postmaster.pid"))) return;
  await exec(path.join(pgBinDir(), "pg_ctl"), ["-D", path.resolve(dir), "-m", "fast", "-w", "stop"], { asPostgres: true });
}

/** Removes a server's folder (and the temporary parent startPostgres made). */
export function removePostgres(dir) {
  const parent = path.dirname(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  if (path.basename(parent).startsWith("caas-pg-")) fs.rmSync(parent, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dirArg] = process.argv.slice(2);
  const dir = path.resolve(dirArg || path.join(path.dirname(new URL(import.meta.url).pathname), "..", ".postgres"));
  try {
    if (cmd === "start") console.log(`DATABASE_URL=${(await startPostgres({ dir })).url}`);
    else if (cmd === "stop") await stopPostgres(dir);
    else if (cmd === "url") console.log(urlFor(fs.readFileSync(portFile(dir), "utf8").trim()));
    else {
      console.error("usage: node scripts/pg.mjs start|stop|url [data-dir]");
      process.exit(2);
    }
  } catch (e) {
    console.error(`[pg] ${e.message}`);
    process.exit(1);
  }
}
