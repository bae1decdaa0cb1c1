// Keeps `npm run bench` working: one `--quick` run (its own portal on port 3102, the lab that
// `npm test` brought up) must finish, print every row of the table and write its JSON file.
// Timings are not judged here; the bench's own PASS/FAIL column does that. The time allowed covers
// the ports-ha phase too (a PostgreSQL server and three more portal starts: about 1.5 min more).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { ALL_ROWS } from "../../bench/rows";

const root = path.resolve(import.meta.dirname, "../..");
let bench: ChildProcess | undefined;
// A run past the test's timeout is stopped, and the next file waits for its cleanup (hosts leave its
// swarm, its portal follows: test-server.mjs stops when orphaned) so the lab is free again.
afterAll(async () => {
  const child = bench;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const force = setTimeout(() => child.kill("SIGKILL"), 150_000);
  await exited;
  clearTimeout(force);
}, 180_000);

it("npm run bench -- --quick runs and prints every row", async () => {
  const before = new Set(fs.existsSync(path.join(root, "bench", "results")) ? fs.readdirSync(path.join(root, "bench", "results")) : []);
  const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
    // no lock here: npm test holds it for the whole integration tier
    const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["bench/run.ts", "--quick"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    bench = child;
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (c) => resolve({ code: c, out }));
  });
  expect(code, out.slice(-4000)).toBe(0);
  const table = out.slice(out.lastIndexOf("| id "));
  const lines = table.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| id "));
  expect(
    lines.map((l) => l.split("|")[1].trim()),
    table,
  ).toEqual([...ALL_ROWS]);
  for (const l of lines) expect(l).toMatch(/\| (PASS|FAIL|INFO) +\|$/);
  const written = fs.readdirSync(path.join(root, "bench", "results")).filter((f) => f.endsWith(".json") && !before.has(f));
  expect(written).toHaveLength(1);
  const json = JSON.parse(fs.readFileSync(path.join(root, "bench", "results", written[0]), "utf8"));
  expect(json.rows.map((r: { id: string }) => r.id)).toEqual([...ALL_ROWS]);
  for (const r of json.rows) expect(r.note, `${r.id}`).not.toMatch(/^error:|not measured/);
}, 600_000);
