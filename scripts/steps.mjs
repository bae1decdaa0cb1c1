// Shared steps of `npm start` and `npm test`: plain Node, no dependencies, so they run on a machine
// with nothing installed. Commands are argument arrays (never shell strings).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_REGISTRY_BINARY, REGISTRY_INSTALL_COMMAND, registryBinaryPlan } from "./registry-binary.mjs";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", ...opts, env: { ...process.env, ...(opts.env ?? {}) } });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`))));
  });
}

/** Exit code instead of throwing (test tiers keep going so every tier reports). */
export function runStatus(cmd, args, opts = {}) {
  return run(cmd, args, opts).then(
    () => 0,
    (e) => {
      console.error(`[steps] ${e.message}`);
      return 1;
    },
  );
}

const bin = (name) => path.join(root, "node_modules", ".bin", name);
export const npx = (name, args, opts) => run(bin(name), args, opts);

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** npm install when node_modules is missing or older than package.json / the lockfile. */
function stalePackages(dir) {
  const marker = path.join(dir, "node_modules", ".package-lock.json");
  return !fs.existsSync(marker) || ["package.json", "package-lock.json"].some((f) => fs.statSync(path.join(dir, f)).mtimeMs > fs.statSync(marker).mtimeMs);
}

export async function ensureDependencies() {
  if (stalePackages(root)) {
    console.log("[setup] installing npm dependencies (first run takes a couple of minutes: better-sqlite3 compiles)");
    // nodedir: node-gyp must use the local Node headers, never download them.
    await run("npm", ["install", "--strict-allow-scripts", "--no-audit", "--no-fund"], {
      env: { npm_config_nodedir: process.env.npm_config_nodedir || "/usr" },
    });
  }
}

/** ESLint lives in tools/lint with its own packages (typescript-eslint needs TypeScript 5's JS API;
 *  the portal builds with TypeScript 7). */
export async function ensureLintDependencies() {
  const dir = path.join(root, "tools", "lint");
  if (stalePackages(dir)) await run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir });
}

/** The embedded registry's binary (Debian's docker-registry): installed when this is root with
 *  apt-get (scripts/apt-install.sh, as the test setup does: the package's own service is neither
 *  started nor enabled), else what to run is printed and the portal starts without images. */
export async function ensureRegistryBinary(env) {
  const plan = registryBinaryPlan({ env, exists: fs.existsSync, isRoot: process.getuid?.() === 0 });
  if (plan === "external" || plan === "present") return;
  const binary = env.CAAS_REGISTRY_BINARY || DEFAULT_REGISTRY_BINARY;
  if (plan === "install") {
    console.log("[setup] installing Debian's docker-registry for the embedded image registry");
    const code = await runStatus("bash", [path.join(root, "scripts", "apt-install.sh"), "setup", "docker-registry"]);
    if (code === 0 && fs.existsSync(binary)) return;
  }
  console.warn(
    `[setup] ${binary} not found: the portal starts without its image registry (commits, imports and deploys of portal images fail). ` +
      `Run: ${REGISTRY_INSTALL_COMMAND} (the portal runs it itself; the package's service is not needed) and start again, ` +
      "or set CAAS_REGISTRY_URL to an external registry.",
  );
}

/** Defaults every process of the portal needs; secrets are generated once into the data dir. */
export function portalEnv(overrides = {}) {
  const env = { ...process.env, ...overrides };
  env.CAAS_DATA_DIR ||= path.join(root, "data");
  // Private to the portal's user (database, secrets, registry blobs): 0700, also when it existed.
  fs.mkdirSync(env.CAAS_DATA_DIR, { recursive: true, mode: 0o700 });
  fs.chmodSync(env.CAAS_DATA_DIR, 0o700);
  env.DATABASE_URL ||= `file:${path.join(env.CAAS_DATA_DIR, "caas.db")}`;
  env.PORT ||= "3000";
  env.NEXTAUTH_URL ||= `http://localhost:${env.PORT}`;
  if (!env.NEXTAUTH_SECRET) {
    const f = path.join(env.CAAS_DATA_DIR, "auth-secret");
    if (!fs.existsSync(f)) fs.writeFileSync(f, randomBytes(32).toString("base64url"), { mode: 0o600 });
    env.NEXTAUTH_SECRET = fs.readFileSync(f, "utf8").trim();
  }
  env.NEXT_TELEMETRY_DISABLED = "1";
  env.CHECKPOINT_DISABLE = "1";
  return env;
}

export async function prepareDatabase(env) {
  await npx("prisma", ["generate"], { env });
  await npx("prisma", ["migrate", "deploy"], { env });
  restrictSqliteFile(env);
}

/** The SQLite file and its -wal/-shm/-journal are 0600 (the portal re-checks at every start). */
export function restrictSqliteFile(env) {
  if (!env.DATABASE_URL?.startsWith("file:")) return;
  const file = path.resolve(root, env.DATABASE_URL.slice("file:".length).replace(/\?.*$/, ""));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
  }
}

/** next build when there is no build yet or a source file is newer than it. */
export async function ensureBuild(env, { force = false } = {}) {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = Math.max(
    ...["app", "components", "lib", "public"].map((d) => newestMtime(path.join(root, d))),
    ...["next.config.js", "package.json", "server.ts"].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
  );
  if (force || sources > built) {
    console.log("[setup] building the portal (next build)");
    await npx("next", ["build"], { env: { ...env, NODE_ENV: "production" } });
  }
  // next build empties .next: the server bundle is made after it, and again when lib/ or server.ts changed
  const bundled = fs.existsSync(SERVER_BUNDLE) ? fs.statSync(SERVER_BUNDLE).mtimeMs : 0;
  if (bundled < Math.max(sources, fs.statSync(buildId).mtimeMs)) await buildServer();
}

/** The custom server (server.ts and the lib/ code it wires) compiled into one ES module, run by plain
 * `node` in production: no TypeScript loader thread and no per-file transform at start (issue 20:
 * the portal's resident memory). Packages stay external, resolved from node_modules as before. */
export const SERVER_BUNDLE = path.join(root, ".next", "caas-server", "server.mjs");

export async function buildServer() {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [path.join(root, "server.ts")],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
  });
}

/** V8's old-space limit of the production server, MiB (CAAS_HEAP_MB). Node's default on a large
 * machine is about 4 GiB, and V8 lets garbage pile up towards it: on a 24 GiB machine the portal's
 * RSS went from 166 MB to 373-452 MB over 300 page renders, and stayed at 269-273 MB with a limit of
 * 384 or 512 MiB (issue 20: RSS after the bench < 400 MB). The live set is far below it. */
export function heapLimitMb(env = process.env) {
  const n = Number(env.CAAS_HEAP_MB || 512);
  if (!Number.isInteger(n) || n < 128) throw new Error(`CAAS_HEAP_MB must be a whole number of MiB, at least 128 (got ${env.CAAS_HEAP_MB})`);
  return n;
}

/** The command that runs the portal: the server bundle in production, server.ts through tsx in development. */
export function serverCommand({ dev = false } = {}) {
  if (dev) return { cmd: bin("tsx"), args: ["server.ts"] };
  // CAAS_CPU_PROF_DIR: a V8 CPU profile of the production portal, written there when it exits
  // (bench/README.md: where a bench row's time goes)
  const profile = process.env.CAAS_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.CAAS_CPU_PROF_DIR}`] : [];
  return { cmd: process.execPath, args: [`--max-old-space-size=${heapLimitMb()}`, ...profile, SERVER_BUNDLE] };
}

/** One test run at a time on this machine: the lab engines and the test ports are shared. The
 * kernel's flock(2) (util-linux `flock`) holds the lock for exactly the command's lifetime, also when
 * it is killed. --close keeps the lock's descriptor out of the command, so daemons it starts (the
 * lab's dockerds outlive a run) do not hold the lock forever. Re-entrant through CAAS_TEST_LOCKED. */
export const TEST_LOCK_FILE = "/tmp/caas-test.flock";

export async function runLocked(cmd, args, opts = {}) {
  if (process.env.CAAS_TEST_LOCKED === "1") return run(cmd, args, opts);
  return run("flock", ["--exclusive", "--close", TEST_LOCK_FILE, cmd, ...args], { ...opts, env: { ...(opts.env ?? {}), CAAS_TEST_LOCKED: "1" } });
}
