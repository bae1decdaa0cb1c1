// T3 extended to the engine (issue 9, hole 3): every path that can reach the engine's
// createService/updateService goes through the policy in the same call chain.
//  1. the direct call sites of createService/updateService are exactly the reviewed ones;
//  2. walking callers back from those sites, every function is either behind a policy barrier
//     (it takes or makes a PolicyChecked model: validatePolicy, checkCompose, checkStoredRevision,
//     buildServiceSpecs) or on the short, reviewed list of changes that build no spec from a model
//     (replica counts, restarts), each for a stated reason;
//  3. the brand: buildServiceSpecs and DeployPlan accept only PolicyChecked<AppSpec>; the only
//     producer is validatePolicy (constructor, mint and key private to lib/compose/policy.ts); no
//     file casts to it or fakes one (except the test that plays the attacker).
// The checks are pure functions over {file, text}; each is also run on planted violations below,
// so the lint is shown to fail when the code does.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
type Src = { file: string; text: string };

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules" && !e.name.startsWith(".")) walk(p, out);
    } else if (/\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}
const read = (files: string[]): Src[] => files.map((f) => ({ file: path.relative(root, f), text: fs.readFileSync(f, "utf8") }));

/** Product code: everything that runs in the portal, its scripts and the benchmark. */
const PRODUCT = read(
  [...["lib", "app", "components", "bench", "scripts"].flatMap((d) => walk(path.join(root, d))), path.join(root, "server.ts")].filter((f) => fs.existsSync(f)),
);
const TESTS = read(walk(path.join(root, "tests")).concat(walk(path.join(root, "e2e"))));

/** The engine client defines createService/updateService; everything else is a caller. */
const ENGINE_CLIENT = /^lib\/docker\//;
const SINK = /(?:\.\s*|\[\s*["'`])(createService|updateService)\b(?:["'`]\s*\])?\s*\(/;

/** Direct callers of the engine's createService/updateService, with how each is guarded. */
const REVIEWED_SINK_SITES = new Map<string, string>([
  ["lib/orchestrator/deploy-app.ts#deployApp", "creates/updates services from buildServiceSpecs(plan.app), plan.app: PolicyChecked<AppSpec>"],
  ["lib/orchestrator/service-update.ts#updateServiceSpec", "read-modify-write of the engine's current spec; its callers are walked below"],
  ["bench/raw.ts#rawDeploy", "benchmark raw side: specs from rawSpecs(), which runs validatePolicy and buildServiceSpecs"],
  ["bench/raw.ts#rawScale", "benchmark raw side: changes Mode.Replicated.Replicas of the engine's current spec only"],
]);

/** Generic writers: they apply whatever their caller hands them, so the walk goes on to their callers. */
const PASS_THROUGH = new Set(["lib/orchestrator/service-update.ts#updateServiceSpec"]);

/**
 * Functions that reach a sink without building a spec from a model (nothing for the policy to
 * judge): reviewed, and their callers are fine through them. Anything else that reaches a sink
 * without a policy barrier fails the test.
 */
const REVIEWED_NON_MODEL = new Map<string, string>([
  ["lib/orchestrator/service-update.ts#updateServiceSpec", "applies its caller's change to the engine's current spec (callers walked)"],
  ["lib/orchestrator/scale.ts#scaleService", "changes Mode.Replicated.Replicas only, bounded by lib/compose/limits.ts"],
  ["lib/orchestrator/scale.ts#restartService", "bumps TaskTemplate.ForceUpdate only"],
  ["bench/raw.ts#rawDeploy", "benchmark raw side: creates the specs rawSpecs() built through validatePolicy and buildServiceSpecs"],
  ["bench/raw.ts#rawScale", "benchmark raw side: replicas only"],
]);

/** Who may hand updateServiceSpec a change: a barrier elsewhere does not vouch for a raw spec here. */
const REVIEWED_UPDATE_CALLERS = new Map<string, string>([
  ["lib/orchestrator/deploy-app.ts#deployApp", "the spec built by buildServiceSpecs (ForceUpdate kept)"],
  ["lib/orchestrator/scale.ts#scaleService", "Mode.Replicated.Replicas only"],
  ["lib/orchestrator/scale.ts#restartService", "TaskTemplate.ForceUpdate only"],
]);

/** Calls that make a function a policy barrier: it holds a PolicyChecked model, made here or handed in. */
const BARRIER = /\b(validatePolicy|checkCompose|checkStoredRevision|buildServiceSpecs)\s*\(|PolicyChecked</;

interface Fn {
  key: string;
  file: string;
  name: string;
  text: string;
}

const DECL = /^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*(\w+)|^(?:export\s+)?(?:const|let)\s+(\w+)/gm;

/** Top-level functions and consts of a file, each with its text up to the next declaration. */
function declarations(src: Src): Fn[] {
  const found = [...src.text.matchAll(DECL)].map((m) => ({ name: m[1] ?? m[2], at: m.index! }));
  return found.map((d, i) => ({ key: `${src.file}#${d.name}`, file: src.file, name: d.name, text: src.text.slice(d.at, found[i + 1]?.at ?? src.text.length) }));
}

/** Local name → { imported name, module path relative to the root without extension }. */
function importsOf(src: Src): Map<string, { name: string; module: string }> {
  const out = new Map<string, { name: string; module: string }>();
  for (const m of src.text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*["']([^"']+)["']/g)) {
    if (m[1]) continue; // type-only
    const spec = m[3];
    const module = spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? path.posix.join(path.posix.dirname(src.file), spec) : null;
    if (!module) continue;
    for (const part of m[2].split(",")) {
      const t = part.trim();
      if (!t || t.startsWith("type ")) continue;
      const [imported, local] = t.split(/\s+as\s+/).map((x) => x.trim());
      out.set(local ?? imported, { name: imported, module });
    }
  }
  return out;
}

/** Does `ref` (a function referenced from `from`) denote the declaration `fn`? */
function denotes(from: Src, imports: Map<string, { name: string; module: string }>, local: string, fn: Fn): boolean {
  if (from.file === fn.file) return local === fn.name;
  const imp = imports.get(local);
  if (!imp || imp.name !== fn.name) return false;
  const target = fn.file.replace(/\.(ts|tsx)$/, "");
  // "@/lib/orchestrator" (an index re-export) or "@/lib/orchestrator/scale"
  return target === imp.module || target === `${imp.module}/index` || fn.file.startsWith(`${imp.module}/`);
}

export function analyse(sources: Src[], reviewedNonModel: Map<string, string> = REVIEWED_NON_MODEL) {
  const fns = sources.flatMap((s) => declarations(s).map((f) => ({ ...f, src: s })));
  const importMaps = new Map(sources.map((s) => [s.file, importsOf(s)]));
  const sinkSites = fns.filter((f) => !ENGINE_CLIENT.test(f.file) && SINK.test(f.text)).map((f) => f.key);
  const barrier = (f: Fn) => BARRIER.test(f.text) && !/^lib\/compose\//.test(f.file);
  // Walk callers back from the sinks; a barrier stops the walk (its callers hand it nothing unchecked).
  // A reviewed non-model function is terminal: its callers reach the engine only through it.
  const reaching = new Set<string>(fns.filter((f) => sinkSites.includes(f.key) && !barrier(f)).map((f) => f.key));
  const propagates = (key: string) => reaching.has(key) && (!reviewedNonModel.has(key) || PASS_THROUGH.has(key));
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of fns) {
      if (reaching.has(f.key) || barrier(f) || ENGINE_CLIENT.test(f.file)) continue;
      const imports = importMaps.get(f.file)!;
      const body = f.text.slice(f.text.indexOf(f.name) + f.name.length);
      const words = [...body.matchAll(/\b(\w+)\b/g)].map((m) => m[1]);
      const calls = fns.some((g) => propagates(g.key) && g.key !== f.key && words.some((w) => denotes(f.src, imports, w, g)));
      if (calls) {
        reaching.add(f.key);
        changed = true;
      }
    }
  }
  const updateCallers = fns.filter((f) => /\bupdateServiceSpec\s*\(/.test(f.text.slice(f.text.indexOf(f.name) + f.name.length))).map((f) => f.key);
  return { sinkSites: sinkSites.sort(), unguarded: [...reaching].sort(), updateCallers: updateCallers.sort() };
}

/** Casts to, fakes of, or constructions of PolicyChecked outside lib/compose/policy.ts. */
export function brandViolations(sources: Src[], allowed: Set<string> = new Set()): string[] {
  const out: string[] = [];
  const patterns: [RegExp, string][] = [
    [/\bas\s+(?:unknown\s+as\s+|any\s+as\s+)?PolicyChecked\b/, "casts to PolicyChecked"],
    [/<\s*PolicyChecked\b(?:<[^<>]*>)?\s*>\s*[\w(]/, "angle-bracket cast to PolicyChecked"],
    [/\bnew\s+PolicyChecked\b/, "constructs PolicyChecked"],
    [/PolicyChecked\.prototype/, "fakes a PolicyChecked through its prototype"],
    [/Reflect\.construct\(\s*PolicyChecked\b/, "constructs PolicyChecked reflectively"],
    [/\bMINT_KEY\b|\bmint\s*\(/, "uses the validator's private minting key"],
    [/:\s*PolicyChecked\b[^=;]*=\s*(?:\{|JSON\.parse|structuredClone)/, "assigns a look-alike to a PolicyChecked"],
  ];
  for (const s of sources) {
    if (s.file === "lib/compose/policy.ts" || allowed.has(s.file)) continue;
    for (const [re, what] of patterns) if (re.test(s.text)) out.push(`${s.file}: ${what}`);
  }
  return out;
}

const policySrc = fs.readFileSync(path.join(root, "lib/compose/policy.ts"), "utf8");
const builderSrc = fs.readFileSync(path.join(root, "lib/orchestrator/build-service-spec.ts"), "utf8");
const typesSrc = fs.readFileSync(path.join(root, "lib/orchestrator/types.ts"), "utf8");

describe("T3 engine writes go through the policy in the same call chain", () => {
  const result = analyse(PRODUCT);

  it("finds the engine's write calls (the scan sees the code)", () => {
    expect(PRODUCT.length).toBeGreaterThan(100);
    expect(result.sinkSites.length).toBeGreaterThanOrEqual(2);
  });

  it("every direct createService/updateService call site is a reviewed one", () => {
    expect(result.sinkSites.filter((k) => !REVIEWED_SINK_SITES.has(k))).toEqual([]);
    expect([...REVIEWED_SINK_SITES.keys()].filter((k) => !result.sinkSites.includes(k))).toEqual([]); // the list stays true
  });

  it("every function that reaches them without a policy barrier builds no spec from a model, for a reviewed reason", () => {
    expect(result.unguarded.filter((k) => !REVIEWED_NON_MODEL.has(k))).toEqual([]);
    expect([...REVIEWED_NON_MODEL.keys()].filter((k) => !result.unguarded.includes(k))).toEqual([]);
  });

  it("only reviewed functions hand a change to updateServiceSpec", () => {
    expect(result.updateCallers).toEqual([...REVIEWED_UPDATE_CALLERS.keys()].sort());
  });

  it("the spec builder and the deploy plan accept only a PolicyChecked<AppSpec>, checked again at run time", () => {
    expect(builderSrc).toMatch(/export function buildServiceSpecs\(app: PolicyChecked<AppSpec>,/);
    expect(builderSrc).toMatch(/export function buildServiceSpecs\(app: PolicyChecked<AppSpec>,[^\n]*\n\s*if \(!PolicyChecked\.isChecked\(app\)\)/);
    expect(builderSrc).not.toMatch(/export function buildServiceSpec\b(?!s)/);
    expect(typesSrc).toMatch(/\n\s*app: PolicyChecked<AppSpec>;/);
  });

  it("validatePolicy is the only producer of the brand: constructor, mint and key stay private to the policy module", () => {
    expect(policySrc).toMatch(/private constructor\(key: symbol,/);
    expect(policySrc).toMatch(/if \(key !== MINT_KEY\) throw/);
    expect(policySrc).not.toMatch(/export\s+(const|let|function)\s+(MINT_KEY|mint)\b/);
    expect(policySrc).not.toMatch(/export\s*\{[^}]*\b(MINT_KEY|mint)\b/);
    expect([...policySrc.matchAll(/\bnew PolicyChecked\b/g)]).toHaveLength(1); // inside the static block, behind mint
    expect([...policySrc.matchAll(/\bmint\(/g)]).toHaveLength(1); // validatePolicy's return
    expect(policySrc).toMatch(/export function validatePolicy[^]*?return mint\(spec, ctx\);\s*\}/);
  });

  it("no file casts to PolicyChecked or fakes one (the attacker test is the one exception)", () => {
    expect(brandViolations(PRODUCT)).toEqual([]);
    expect(brandViolations(TESTS, new Set(["tests/unit/build-service-spec.test.ts", "tests/unit/entry-points-engine.test.ts"]))).toEqual([]);
  });
});

// Each case re-analyses the whole product (2-3 s alone): room for a machine busy with other tiers.
describe("the lint fails on planted violations", { timeout: 30_000 }, () => {
  const planted = (file: string, text: string) => [...PRODUCT.filter((s) => s.file !== file), { file, text }];

  it("a new direct createService call is an unreviewed sink site", () => {
    const r = analyse(
      planted(
        "lib/apps/evil.ts",
        'import { managerEngine } from "@/lib/hosts";\nexport async function evil(spec) {\n  const { engine } = await managerEngine("e");\n  await engine.createService(spec);\n}\n',
      ),
    );
    expect(r.sinkSites).toContain("lib/apps/evil.ts#evil");
    expect(r.unguarded).toContain("lib/apps/evil.ts#evil");
  });

  it("a use-case that re-applies a stored revision through updateServiceSpec without the policy is caught, with its callers", () => {
    const r = analyse(
      planted(
        "lib/apps/repair.ts",
        [
          'import { updateServiceSpec } from "@/lib/orchestrator/service-update";',
          "export async function repairService(engine, id, stored) {",
          "  await updateServiceSpec(engine, id, () => JSON.parse(stored));",
          "}",
          "export async function repairAll(engine, rows) {",
          "  for (const r of rows) await repairService(engine, r.id, r.specJson);",
          "}",
          "",
        ].join("\n"),
      ),
    );
    expect(r.unguarded).toEqual(expect.arrayContaining(["lib/apps/repair.ts#repairService", "lib/apps/repair.ts#repairAll"]));
    expect(r.updateCallers).toContain("lib/apps/repair.ts#repairService");
  });

  it("a policy call next to a raw spec handed to updateServiceSpec is still an unreviewed caller", () => {
    const r = analyse(
      planted(
        "lib/apps/repair.ts",
        'import { updateServiceSpec } from "@/lib/orchestrator/service-update";\nexport async function sneaky(engine, env, rev) {\n  checkStoredRevision(env, rev);\n  await updateServiceSpec(engine, rev.serviceId, () => JSON.parse(rev.raw));\n}\n',
      ),
    );
    expect(r.unguarded).not.toContain("lib/apps/repair.ts#sneaky"); // the barrier heuristic alone would let it through…
    expect(r.updateCallers).toContain("lib/apps/repair.ts#sneaky"); // …the reviewed caller list does not
  });

  it("the same use-case with checkStoredRevision in its chain is a barrier", () => {
    const r = analyse(
      planted(
        "lib/apps/repair.ts",
        'import { deployApp } from "@/lib/orchestrator";\nexport async function repair(engine, env, rev, plan) {\n  const app = checkStoredRevision(env, rev);\n  await deployApp(engine, { ...plan, app });\n}\n',
      ),
    );
    expect(r.unguarded.filter((k) => k.startsWith("lib/apps/repair.ts"))).toEqual([]);
  });

  it.each([
    ["an as-cast", "const p = spec as PolicyChecked<AppSpec>;"],
    ["a double cast", "const p = spec as unknown as PolicyChecked;"],
    ["an angle-bracket cast", "const p = <PolicyChecked<AppSpec>>spec;"],
    ["a construction", "const p = new PolicyChecked(key, spec, ctx);"],
    ["a prototype fake", "const p = Object.create(PolicyChecked.prototype);"],
    ["a reflective construction", "const p = Reflect.construct(PolicyChecked, [k, spec, ctx]);"],
    ["a typed look-alike", "const p: PolicyChecked<AppSpec> = JSON.parse(row.specJson);"],
  ])("%s of the brand is reported", (_what, line) => {
    expect(brandViolations(planted("lib/apps/evil.ts", `${line}\n`))).toEqual([expect.stringMatching(/^lib\/apps\/evil\.ts: /)]);
  });
});
