#!/usr/bin/env node
// `npm test`: every tier, on a fresh machine too. Installs the system parts (Debian packages) and
// npm dependencies when missing, brings up the multi-host Docker lab, then runs
//   lint (Prettier, ESLint) → unit (vitest) → registries (vitest: real docker-registry processes) → build
//   → integration (vitest: SQLite, real server, real engines) and, at the same time, integration-pg
//     (the same suites and the HA suites on a private PostgreSQL server)
//   → e2e (Playwright, Chromium)
// and always tears the lab down. The two integration tiers share nothing (tests/integration/global-setup.ts):
// each has its own portal port, data directory, embedded registry port, set of three lab engines
// (h1..h3 and h4..h6) and generated Prisma client; the PostgreSQL tier starts its server
// (scripts/pg.mjs) and stops it even on failure. While they run, each tier's output lines are
// prefixed with its name (and kept whole in test-results/<tier>.log). CAAS_TEST_SERIAL=1 runs them one
// after the other instead. No tier is skipped: a missing engine or browser fails its tier.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild, ensureDependencies, ensureLintDependencies, npx, portalEnv, root, run, runLocked, runStatus } from "./steps.mjs";

// The whole run holds the machine-wide test lock (lab engines and test ports are shared).
if (process.env.CAAS_TEST_LOCKED !== "1") {
  try {
    await runLocked(process.execPath, [new URL(import.meta.url).pathname, ...process.argv.slice(2)]);
    process.exit(0);
  } catch {
    process.exit(1);
  }
}

const runStarted = Date.now();
// `node scripts/test.mjs [tier...] [-- vitest args]`: arguments after `--` go to the vitest tiers
// (e.g. `-- --exclude tests/integration/ha-processes.test.ts`), or to Playwright when e2e is the only tier.
const argv = process.argv.slice(2);
const dashes = argv.indexOf("--");
const vitestArgs = dashes < 0 ? [] : argv.slice(dashes + 1);
const only = (dashes < 0 ? argv : argv.slice(0, dashes)).filter((a) => !a.startsWith("-"));
const want = (tier) => only.length === 0 || only.includes(tier);
const reports = path.join(root, "test-results");
fs.mkdirSync(reports, { recursive: true });

await run("bash", [path.join(root, "scripts", "setup-system.sh")]);
await ensureDependencies();
const env = portalEnv({ CAAS_DATA_DIR: path.join(root, "data", "test") });
await npx("prisma", ["generate"], { env });

const results = [];
/** The failed tests of a tier, for the summary: CI shows only the end of the output. */
const failures = [];
const firstLine = (m) =>
  String(m ?? "")
    .replace(/\x1b\[[0-9;]*m/g, "")
    .trim()
    .split("\n")[0]
    .slice(0, 300);
function vitestCounts(file, tier) {
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const f of r.testResults ?? []) {
      const failed = (f.assertionResults ?? []).filter((a) => a.status === "failed");
      for (const a of failed) failures.push(`${tier}: ${path.relative(root, f.name)} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
      if (failed.length === 0 && f.status === "failed") failures.push(`${tier}: ${path.relative(root, f.name)}: ${firstLine(f.message)}`);
    }
    return {
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numTotalTestSuites && !r.success && r.numFailedTests === 0 ? 1 : 0),
      skipped: r.numPendingTests + r.numTodoTests,
    };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}
function playwrightCounts(file) {
  try {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    const walk = (suite, titles) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? [])
          if (t.status === "unexpected" || t.status === "flaky") {
            const error = t.results?.find((r) => r.error)?.error?.message;
            failures.push(`e2e: ${spec.file}:${spec.line} > ${[...titles, spec.title].join(" > ")} (${t.status}): ${firstLine(error)}`);
          }
      for (const child of suite.suites ?? []) walk(child, suite.title && !suite.title.endsWith(".ts") ? [...titles, suite.title] : titles);
    };
    for (const suite of report.suites ?? []) walk(suite, []);
    const s = report.stats;
    return { passed: s.expected, failed: s.unexpected + s.flaky, skipped: s.skipped };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

/** Runs a command with its output lines prefixed by `[name]` (and written whole to `log`); exit code. */
function runPrefixed(name, cmd, args, opts, log) {
  return new Promise((resolve) => {
    const file = fs.createWriteStream(log);
    const child = spawn(cmd, args, { cwd: root, ...opts, stdio: ["ignore", "pipe", "pipe"] });
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let rest = "";
      from.on("data", (d) => {
        file.write(d);
        const lines = (rest + d).split("\n");
        rest = lines.pop();
        for (const l of lines) to.write(`[${name}] ${l}\n`);
      });
      from.on("end", () => rest && to.write(`[${name}] ${rest}\n`));
    }
    child.on("error", (e) => (console.error(`[steps] ${cmd}: ${e.message}`), resolve(1)));
    child.on("close", (code) => file.end(() => resolve(code ?? 1)));
  });
}

async function vitestTier(name, { prefixed = false } = {}) {
  const started = Date.now();
  const out = path.join(reports, `vitest-${name}.json`);
  fs.rmSync(out, { force: true });
  const cmd = path.join(root, "node_modules", ".bin", "vitest");
  const args = ["run", "--project", name, "--reporter=default", "--reporter=json", `--outputFile=${out}`, ...vitestArgs];
  const code = prefixed ? await runPrefixed(name, cmd, args, { env }, path.join(reports, `${name}.log`)) : await runStatus(cmd, args, { env });
  const c = vitestCounts(out, name);
  if (code !== 0 && c.failed === 0) c.failed = 1;
  results.push({ tier: name, ...c, seconds: Math.round((Date.now() - started) / 1000) });
}

let labUp = false;
try {
  if (want("lint")) {
    // Formatting (Prettier) and ESLint (typescript-eslint, React hooks, lib domain boundaries, no cycles).
    const started = Date.now();
    await ensureLintDependencies();
    const format = await runStatus(path.join(root, "node_modules", ".bin", "prettier"), ["--check", "."], { env });
    const lint = await runStatus(path.join(root, "tools", "lint", "node_modules", ".bin", "eslint"), ["-c", "tools/lint/eslint.config.mjs", "."], { env });
    results.push({
      tier: "lint",
      passed: (format === 0) + (lint === 0),
      failed: (format !== 0) + (lint !== 0),
      skipped: 0,
      seconds: Math.round((Date.now() - started) / 1000),
    });
  }
  if (want("unit")) await vitestTier("unit");
  // Suites that start their own registries (free ports, temporary storage): no build, no lab.
  if (want("registries")) await vitestTier("registries");
  const integration = want("integration") || want("integration-pg");
  if (integration || want("e2e")) await ensureBuild(env);
  if (integration || want("e2e")) {
    // The lab serves both tiers: integration suites and the e2e deploy from the browser. Set 2
    // (h4..h6) is integration-pg's.
    await run("bash", [path.join(root, "scripts", "lab", "up.sh"), want("integration-pg") ? "all" : "1"]);
    labUp = true;
  }
  if (want("integration") && want("integration-pg") && process.env.CAAS_TEST_SERIAL !== "1") {
    // Mostly waiting on engines and swarms: together they take little longer than the longer one.
    await Promise.all([vitestTier("integration", { prefixed: true }), vitestTier("integration-pg", { prefixed: true })]);
  } else {
    if (want("integration")) await vitestTier("integration");
    if (want("integration-pg")) await vitestTier("integration-pg");
  }
  if (want("e2e")) {
    const started = Date.now();
    const out = path.join(reports, "playwright.json");
    fs.rmSync(out, { force: true });
    // `npm test -- e2e -- <spec files>`: an e2e-only run passes its arguments on to Playwright.
    const specArgs = only.length === 1 && only[0] === "e2e" ? vitestArgs : [];
    const code = await runStatus(path.join(root, "node_modules", ".bin", "playwright"), ["test", "--reporter=list,json", ...specArgs], {
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
    });
    const c = playwrightCounts(out);
    if (code !== 0 && c.failed === 0) c.failed = 1;
    results.push({ tier: "e2e", ...c, seconds: Math.round((Date.now() - started) / 1000) });
  }
} finally {
  if (labUp) await runStatus("bash", [path.join(root, "scripts", "lab", "down.sh")]);
}

console.log("\nTier            passed  failed  skipped  seconds");
for (const r of results)
  console.log(
    `${r.tier.padEnd(14)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${String(r.seconds ?? "").padStart(7)}`,
  );
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join("\n")}`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed + r.skipped, 0);
console.log(`\n${passed} passed, ${failed} failed in ${Math.round((Date.now() - runStarted) / 1000)} s`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
