// Issue 11 item 2: every error a person sees has a translated, user-safe message.
//  (a) every `new AppError(` in lib/ and app/ names a catalog message (`i18n`), and every
//      `appError(code, key, params, english)` / `problem(path, key, params, english)` names a key
//      that exists in both catalogs, with exactly the ICU arguments its params give;
//  (b) every catalog message (all areas) has the same ICU arguments in en and zh-CN.
// A static scan of the source (no TypeScript compiler): calls are cut out by matching parentheses
// outside strings, templates and comments, so multi-line calls are read whole.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "@/lib/i18n/catalogs";
import { appError, isAppError, problem, type AppError } from "@/lib/errors";
import { PLATFORM_LIMITS, applyEnvironmentDefaults, parseCompose, validatePolicy } from "@/lib/compose";
import { localizeError } from "@/lib/i18n/localize-error";

const root = path.resolve(import.meta.dirname, "../..");

type Tree = { [k: string]: string | Tree };
function flatten(o: Tree, prefix: string[] = [], out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "string") out.set([...prefix, k].join("."), v);
    else flatten(v, [...prefix, k], out);
  }
  return out;
}
const en = flatten(CATALOGS.en as unknown as Tree);
const zh = flatten(CATALOGS["zh-CN"] as unknown as Tree);

/** The ICU argument names of a message (plural/select arguments included, tags excluded). */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const n of nodes as Record<string, unknown>[]) {
      // 0 literal, 7 pound, 8 tag: not arguments
      if (typeof n.value === "string" && ![0, 7, 8].includes(n.type as number)) names.add(n.value);
      if (Array.isArray(n.children)) walk(n.children);
      if (n.options && typeof n.options === "object") for (const o of Object.values(n.options as Record<string, { value: unknown[] }>)) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown[]);
  return [...names].sort();
}

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Index just past the `)` that closes the `(` at `open`, skipping strings, templates and comments. */
function closeOf(s: string, open: number): number {
  let depth = 0;
  const stack: string[] = []; // open quotes and template `${` braces
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    const top = stack[stack.length - 1];
    if (top === '"' || top === "'" || top === "`") {
      if (c === "\\") i++;
      else if (top === "`" && c === "$" && s[i + 1] === "{") {
        stack.push("${");
        i++;
      } else if (c === top) stack.pop();
      continue;
    }
    if (c === "/" && s[i + 1] === "/") i = s.indexOf("\n", i);
    else if (c === "/" && s[i + 1] === "*") i = s.indexOf("*/", i) + 1;
    else if (c === '"' || c === "'" || c === "`") stack.push(c);
    else if (c === "{") stack.push("{");
    else if (c === "}") stack.pop();
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
    if (i < 0) break;
  }
  throw new Error(`unbalanced call at ${open}`);
}

/** The top-level arguments of a call's text `(a, b, c)`. */
function argumentsOfCall(call: string): string[] {
  const inner = call.slice(call.indexOf("(") + 1, -1);
  const out: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = inner.slice(start).trim();
  if (last) out.push(last);
  return out;
}

interface Call {
  file: string;
  line: number;
  text: string;
}

/** Every call of `callee(` in the source files (not its definition, not a method of that name). */
function calls(files: string[], callee: string): Call[] {
  const out: Call[] = [];
  const re = new RegExp(`(?<![\\w.])${callee.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\(`, "g");
  for (const file of files) {
    const s = fs.readFileSync(file, "utf8");
    for (let m = re.exec(s); m; m = re.exec(s)) {
      if (/function\s*$/.test(s.slice(Math.max(0, m.index - 12), m.index))) continue;
      const open = m.index + m[0].length - 1;
      out.push({ file: path.relative(root, file), line: s.slice(0, m.index).split("\n").length, text: s.slice(m.index, closeOf(s, open)) });
    }
  }
  return out;
}

const files = [...sources(path.join(root, "lib")), ...sources(path.join(root, "app"))];
/** Arguments the transports fill themselves (field labels). */
const FILLED = new Set(["field", "fields"]);

/** Property names of an object literal's text (`{ a: 1, b, ...c }` → a, b; null when not a literal). */
function propertyNames(obj: string): string[] | null {
  if (obj === "undefined") return [];
  if (!obj.startsWith("{")) return null;
  const parts = argumentsOfCall(`(${obj.slice(1, -1)})`);
  if (parts.some((p) => p.startsWith("..."))) return null;
  return parts.map((p) => p.match(/^["']?([\w$]+)["']?\s*(:|$)/)?.[1] ?? `?${p}`).sort();
}

/** Problems of the catalog calls of one kind: unknown keys, arguments differing from the params. */
function checkKeyed(all: Call[]): string[] {
  const problems: string[] = [];
  for (const c of all) {
    const args = argumentsOfCall(c.text);
    // "problem(s)" in a sentence is no call; a helper forwarding its own `key` parameter is checked
    // where its callers name the key (string literals, see below)
    if (args.length < 4) continue;
    const keyArg = args[1] ?? "";
    const where = `${c.file}:${c.line}`;
    if (/^[a-z]\w*$/i.test(keyArg)) continue;
    const literal = keyArg.match(/^"([\w.]+)"$/);
    const prefix = keyArg.match(/^`([\w.]+)\.\$\{/);
    if (prefix) {
      // a key chosen at run time from a namespace (e.g. `engineErrors.kind.${kind}`)
      if (![...en.keys()].some((k) => k.startsWith(`${prefix[1]}.`))) problems.push(`${where}: no catalog namespace ${prefix[1]}`);
      continue;
    }
    if (!literal) {
      problems.push(`${where}: the key must be a string literal (${keyArg.slice(0, 60)})`);
      continue;
    }
    const key = literal[1];
    if (!en.has(key) || !zh.has(key)) {
      problems.push(`${where}: ${key} is not in ${!en.has(key) ? "en" : ""}${!en.has(key) && !zh.has(key) ? " and " : ""}${!zh.has(key) ? "zh-CN" : ""}`);
      continue;
    }
    const wanted = argumentsOf(en.get(key)!, "en").filter((a) => !FILLED.has(a));
    const given = propertyNames(args[2] ?? "undefined");
    if (given && JSON.stringify(given) !== JSON.stringify(wanted))
      problems.push(`${where}: ${key} takes {${wanted.join(", ")}} but is given {${given.join(", ")}}`);
  }
  return problems;
}

describe("every error a person sees has a catalog message", () => {
  it("the scanner reads multi-line calls, templates and nested parentheses", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "error-catalog-"));
    try {
      const f = path.join(dir, "x.ts");
      fs.writeFileSync(
        f,
        [
          'throw new AppError("CONFLICT", `a ${f("(")} b`, [{ path: "x", message: ")" }]);',
          "throw new AppError(",
          '  "VALIDATION", // a comment with (',
          '  "text",',
          '  undefined, { i18n: { key: "errors.badJson" } },',
          ");",
          'appError("CONFLICT", "errors.roleForbids", { role: "@roles.viewer", permission }, "english");',
          'appError("CONFLICT", "errors.roleForbids", { role }, "english");',
          'problem("name", "no.such.key", undefined, "Unknown");',
        ].join("\n"),
      );
      const made = calls([f], "new AppError");
      expect(made.map((c) => c.line)).toEqual([1, 2]);
      expect(made.filter((c) => !/\bi18n\b/.test(c.text)).map((c) => c.line)).toEqual([1]);
      expect(checkKeyed([...calls([f], "appError"), ...calls([f], "problem")])).toEqual([
        `${path.relative(root, f)}:8: errors.roleForbids takes {permission, role} but is given {role}`,
        `${path.relative(root, f)}:9: no.such.key is not in en and zh-CN`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every `new AppError(` in lib/ and app/ names its catalog message (i18n)", () => {
    const made = calls(files, "new AppError");
    expect(made.length).toBeGreaterThan(10);
    expect(made.filter((c) => !/\bi18n\b/.test(c.text)).map((c) => `${c.file}:${c.line} ${c.text.replace(/\s+/g, " ").slice(0, 120)}`)).toEqual([]);
  });

  it("every appError()/problem() key is in both catalogs, with the arguments its params give", () => {
    const keyed = [...calls(files, "appError"), ...calls(files, "problem")];
    expect(keyed.length).toBeGreaterThan(150);
    expect(checkKeyed(keyed)).toEqual([]);
  });

  it("every storedText() key (events, job progress) is in both catalogs, with the arguments its params give", () => {
    // storedText(key, params, english): read like appError(code, key, params, english)
    const stored = calls(files, "storedText").map((c) => ({ ...c, text: c.text.replace(/^storedText\(/, "storedText(_, ") }));
    expect(stored.length).toBeGreaterThan(15);
    expect(checkKeyed(stored)).toEqual([]);
  });

  it("every catalog key of the error namespaces written in lib/ and app/ is in both catalogs", () => {
    // Keys handed to helpers (fatal(), refuse(), Issues.error(), refusals) are string literals too.
    const namespaces = new Set(["errors", ...Object.keys(CATALOGS.en).filter((ns) => /Errors$|Rules$/.test(ns))]);
    const isErrorKey = (key: string) => namespaces.has(key.split(".")[0]) || /^(deployment\.(errors|preflight)|quota\.errors)\./.test(key);
    const isNamespace = (key: string) => [...en.keys()].some((k) => k.startsWith(`${key}.`));
    const missing: string[] = [];
    let seen = 0;
    for (const file of files) {
      const s = fs.readFileSync(file, "utf8");
      for (const m of s.matchAll(/["`]([a-z]\w*(?:\.[\w-]+)+)["`]/gi)) {
        const key = m[1];
        if (!isErrorKey(key) || /\.(ts|tsx|json)$/.test(key)) continue;
        seen++;
        if ((!en.has(key) || !zh.has(key)) && !isNamespace(key)) missing.push(`${path.relative(root, file)}: ${key}`);
      }
    }
    expect(seen).toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });

  it("every `i18n: { key: … }` written out names a key of both catalogs", () => {
    const missing: string[] = [];
    for (const file of files) {
      const s = fs.readFileSync(file, "utf8");
      for (const m of s.matchAll(/i18n: \{ key: "([\w.]+)"/g)) if (!en.has(m[1]) || !zh.has(m[1])) missing.push(`${path.relative(root, file)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it("every catalog message (all areas) has the same ICU arguments in en and zh-CN", () => {
    const problems: string[] = [];
    for (const [k, v] of en) {
      if (!zh.has(k)) {
        problems.push(`${k}: missing in zh-CN`);
        continue;
      }
      const a = argumentsOf(v, "en").join(",");
      const b = argumentsOf(zh.get(k)!, "zh-CN").join(",");
      if (a !== b) problems.push(`${k}: en {${a}} ≠ zh-CN {${b}}`);
    }
    for (const k of zh.keys()) if (!en.has(k)) problems.push(`${k}: missing in en`);
    expect(problems).toEqual([]);
  });

  it("the compose policy and parser speak Chinese to a Chinese reader (rule codes and key paths stay)", () => {
    const refusal = (text: string): AppError => {
      try {
        validatePolicy(applyEnvironmentDefaults(parseCompose(text, {}), { cpus: 0.5, memoryMb: 256 }), {
          bindAllowList: [],
          portRange: { from: 30000, to: 30100 },
          limits: PLATFORM_LIMITS,
          publishing: { endpointMode: "vip", publishMode: "ingress" },
        });
      } catch (e) {
        if (isAppError(e)) return e;
        throw e;
      }
      throw new Error("expected a refusal");
    };
    const policy = localizeError("zh-CN", refusal("services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"));
    expect(policy.message).toBe("Compose 文件违反了 1 条安全规则（privileged）");
    expect(policy.details).toMatchObject([
      { path: "services.web.privileged", rule: "privileged", message: "特权容器在主机上拥有 root 权限，请删除 privileged: true" },
    ]);
    const parsed = localizeError("zh-CN", refusal("services:\n  web:\n    image: nginx:1.27\n    restart: sometimes\n    colour: blue\n"));
    expect(parsed.message).toBe("Compose 文件有 2 个问题");
    expect(parsed.details?.map((d) => d.message)).toEqual([
      "“colour”不是此处支持的 Compose 键",
      "restart 必须是“no”“always”“on-failure[:N]”或“unless-stopped”",
    ]);
  });

  it("a keyed error reads in the caller's language; user data stays a parameter", () => {
    const e = appError("CONFLICT", "appErrors.unknownRevision", { revision: 7 }, "Revision 7 does not exist.", {
      details: [problem("revision", "fieldErrors.unknownRevision", undefined, "Unknown revision")],
    });
    expect(e.message).toBe("Revision 7 does not exist.");
    expect(e.i18n).toEqual({ key: "appErrors.unknownRevision", params: { revision: 7 } });
    const zhAnswer = localizeError("zh-CN", e);
    expect(zhAnswer.message).toBe("版本 7 不存在。");
    expect(zhAnswer.details?.[0]).toMatchObject({ path: "revision", key: "fieldErrors.unknownRevision", message: "未知版本" });
    expect(localizeError("en", e).message).toBe("Revision 7 does not exist.");
  });
});
