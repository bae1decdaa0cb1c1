// Issue 11: every user-visible string lives in the catalogs (messages/<locale>/<area>.json).
//  (a) both catalogs have the same keys, no empty value, every message parses, and each message has
//      the same ICU arguments and rich-text tags in both languages;
//  (b) no .tsx file under app/ or components/ renders hard-coded text: JSX text nodes and string
//      literals in user-visible props (title, placeholder, aria-label, label, alt, …) must come
//      from a translation call; a short reviewed allow-list covers code, units and symbols;
//  (c) the zod/AppError mapping gives a message from the catalog, naming the field by its label, in
//      both languages.
import fs from "node:fs";
import path from "node:path";
import { parseSync } from "@swc/core";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { CATALOGS, CATALOG_FILES } from "@/lib/i18n/catalogs";
import { parseInput, z } from "@/lib/validation";
import { AppError, notFound } from "@/lib/errors";
import { fieldLabel, localizeError } from "@/lib/i18n/localize-error";
import { negotiateLocale, pickLocale } from "@/lib/i18n/config";

const root = path.resolve(import.meta.dirname, "../..");

type Tree = { [k: string]: string | Tree };
function flatten(o: Tree, prefix: string[] = [], out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "string") out.set([...prefix, k].join("."), v);
    else flatten(v, [...prefix, k], out);
  }
  return out;
}

/** Argument names and tag names of an ICU message (walks the parsed AST). */
function signature(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const n of nodes as Record<string, unknown>[]) {
      if (typeof n.value === "string" && n.type !== 0) names.add(`${n.type === 8 ? "<" : ""}${n.value}`);
      if (Array.isArray(n.children)) walk(n.children);
      if (n.options && typeof n.options === "object") for (const o of Object.values(n.options as Record<string, { value: unknown[] }>)) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown[]);
  return [...names].sort();
}

const en = CATALOGS.en;
const zh = CATALOGS["zh-CN"];

describe("message catalogs", () => {
  it("repeat no top-level namespace across area files", () => {
    for (const files of Object.values(CATALOG_FILES)) {
      const seen = new Map<string, string>();
      const repeated: string[] = [];
      for (const [area, file] of Object.entries(files))
        for (const ns of Object.keys(file)) {
          if (seen.has(ns)) repeated.push(`${ns} in ${seen.get(ns)} and ${area}`);
          seen.set(ns, area);
        }
      expect(repeated).toEqual([]);
    }
  });

  const enFlat = flatten(en as Tree);
  const zhFlat = flatten(zh as Tree);

  it("have the same keys", () => {
    expect([...zhFlat.keys()].filter((k) => !enFlat.has(k))).toEqual([]);
    expect([...enFlat.keys()].filter((k) => !zhFlat.has(k))).toEqual([]);
    expect(enFlat.size).toBeGreaterThan(500);
  });

  it("have no empty message", () => {
    expect([...enFlat, ...zhFlat].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });

  it("parse, with the same arguments and tags in both languages", () => {
    const problems: string[] = [];
    for (const [k, v] of enFlat) {
      try {
        const a = signature(v, "en");
        const b = signature(zhFlat.get(k) ?? "", "zh-CN");
        if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${k}: en ${a.join(",")} ≠ zh ${b.join(",")}`);
      } catch (e) {
        problems.push(`${k}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("Chinese messages are Chinese (at least one CJK character, or a reviewed technical term)", () => {
    // Terms that are the same in both languages (units, protocol words, code).
    const SAME = new Set(["stats.cpu", "hosts.colCpus", "fields.id"]);
    const latinOnly = [...zhFlat]
      .filter(([k, v]) => !SAME.has(k) && !/[\u3400-\u9fff]/.test(v) && /[A-Za-z]{2}/.test(v.replace(/\{[^}]*\}/g, "")))
      .map(([k]) => k);
    expect(latinOnly).toEqual([]);
  });
});

// ─── (b) no hard-coded user-visible text ──────────────────────────────────────────────────────
/** Props whose string values a person reads or hears. */
const VISIBLE_PROPS = new Set([
  "title",
  "placeholder",
  "aria-label",
  "label",
  "alt",
  "description",
  "hint",
  "caption",
  "eyebrow",
  "emptyHint",
  "triggerLabel",
  "triggerAriaLabel",
  "confirmLabel",
  "successMessage",
  "ariaLabel",
  "aria-description",
]);

/** Functions whose string arguments end up on the screen. */
const TEXT_CALLS = new Set(["show", "setError", "setStatus", "setMessage", "say", "Error", "alert", "confirm"]);

/** Reviewed: text that is the same in every language (code, units, symbols, protocol values). */
const ALLOWED_TEXT: (string | RegExp)[] = [
  /^[\s\-–—−+×…·→↑↓●/|:%()[\].,#@*]*$/, // punctuation and symbols only
  /^-----BEGIN [A-Z ]+-----$/, // PEM placeholders
  /^(tcp|ssh|unix|http):\/\//, // endpoint examples
  /^\d[\d.:]*$/, // numbers, addresses, ports
  /^(host|ingress|dnsrr|vip)$/, // Docker's own option values, shown as they are typed in Compose
  /^\(TLS\)$/,
  /^my-app$/,
  /^GREETING=hello\nLOG_LEVEL=info$/,
  /^latest$/,
  /^official\/$/, // the official scope's repository prefix (issue 17), as written in image references
  /^library\/nginx nginx 1\.27\* !\*-rc\nlibrary\/redis$/, // the Pub Hub's repository lines, an example in their syntax
  "useToast needs <ToastProvider> (app/providers)", // a programmer's error, never shown to users
];

function allowed(text: string): boolean {
  const t = text.trim();
  return !/[A-Za-z\u3400-\u9fff]/.test(t) || ALLOWED_TEXT.some((a) => (typeof a === "string" ? a === t : a.test(t)));
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

type Node = { type: string; span?: { start: number }; [k: string]: unknown };

/** Hard-coded user-visible text in one TSX source. */
export function findHardCodedText(source: string, file = "inline.tsx"): Finding[] {
  const ast = parseSync(source, { syntax: "typescript", tsx: !file.endsWith(".ts") }) as unknown as Node;
  const base = (ast.span?.start ?? 1) - 1;
  const lineOf = (n: Node) => source.slice(0, Math.max(0, (n.span?.start ?? 0) - base - 1)).split("\n").length;
  const out: Finding[] = [];
  const report = (n: Node, text: string) => {
    if (!allowed(text)) out.push({ file, line: lineOf(n), text: text.trim().slice(0, 80) });
  };
  // String literals a prop or a child expression would render (through ternaries and ||/??).
  const literals = (e: Node | undefined, visit: (n: Node, text: string) => void) => {
    if (!e) return;
    if (e.type === "StringLiteral") visit(e, e.value as string);
    else if (e.type === "TemplateLiteral") for (const q of e.quasis as Node[]) visit(e, (q.cooked ?? q.raw) as string);
    else if (e.type === "ConditionalExpression") {
      literals(e.consequent as Node, visit);
      literals(e.alternate as Node, visit);
    } else if (e.type === "BinaryExpression" && ["||", "??", "&&"].includes(e.operator as string)) {
      literals(e.right as Node, visit);
      if (e.operator !== "&&") literals(e.left as Node, visit);
    } else if (e.type === "ParenthesisExpression" || e.type === "TsAsExpression") literals(e.expression as Node, visit);
  };
  const walk = (n: unknown) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach(walk);
    const node = n as Node;
    if (node.type === "JSXText") report(node, node.value as string);
    // Calls that put text in front of a person: toasts, status/error state, thrown messages shown.
    if (node.type === "CallExpression" || node.type === "NewExpression") {
      const callee = node.callee as Node;
      const name =
        callee.type === "Identifier" ? (callee.value as string) : callee.type === "MemberExpression" ? ((callee.property as Node).value as string) : "";
      // A lone lowercase word is a state or tone ("error", "closed"), not a sentence.
      const reportText = (n: Node, text: string) => !/^[a-z][a-zA-Z]*$/.test(text.trim()) && report(n, text);
      if (TEXT_CALLS.has(name)) for (const a of (node.arguments as { expression: Node }[] | undefined) ?? []) literals(a.expression, reportText);
    }
    if (node.type === "JSXExpressionContainer" && node.expression) literals(node.expression as Node, report);
    if (node.type === "JSXAttribute") {
      const name = node.name as Node;
      const attr = name.type === "Identifier" ? (name.value as string) : "";
      if (VISIBLE_PROPS.has(attr)) {
        const v = node.value as Node | null;
        if (v?.type === "StringLiteral") report(v, v.value as string);
        else if (v?.type === "JSXExpressionContainer") literals(v.expression as Node, report);
      }
      // Other props (className, href, key…) are not text: their children are not walked for text.
      if (node.value && (node.value as Node).type === "JSXExpressionContainer") walkJsxOnly((node.value as Node).expression);
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== "span") walk(v);
  };
  // Inside a non-visible prop, only JSX elements render text (e.g. actions={<Button>Save</Button>}).
  const walkJsxOnly = (n: unknown) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach(walkJsxOnly);
    const node = n as Node;
    if (node.type === "JSXElement" || node.type === "JSXFragment") return walk(node);
    for (const [k, v] of Object.entries(node)) if (k !== "span") walkJsxOnly(v);
  };
  walk(ast);
  return out;
}

function tsxFiles(dir: string, out: string[] = [], ext = ".tsx"): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) tsxFiles(p, out, ext);
    else if (e.name.endsWith(ext) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

describe("no hard-coded user-visible text in app/ and components/", () => {
  it("finds a planted violation (text node, prop, ternary, template)", () => {
    const planted = `export function X({ ok }: { ok: boolean }) {
      const t = useTranslations("x");
      return (
        <div title="Hello there" aria-label={t("fine")}>
          Hard-coded words
          <Button label={ok ? "Yes" : t("no")} placeholder={\`Search \${ok}\`} />
          {ok && "Shown when ok"}
          {void toast.show("Saved!")}
          <span className="font-mono">—</span>
          <code>{t("ok")}</code>
        </div>
      );
    }`;
    expect(findHardCodedText(planted).map((f) => f.text)).toEqual(["Hello there", "Hard-coded words", "Yes", "Search", "Shown when ok", "Saved!"]);
  });

  it("passes translated text, symbols and reviewed code samples", () => {
    const clean = `export function X() {
      const t = useTranslations("x");
      return (<p title={t("a")}>{t("b")} · <span>—</span> <option value="host">host</option> {t.rich("c", { b: (c) => <b>{c}</b> })}</p>);
    }`;
    expect(findHardCodedText(clean)).toEqual([]);
  });

  it("every page and component", () => {
    const files = [...tsxFiles(path.join(root, "app")), ...tsxFiles(path.join(root, "components"))];
    expect(files.length).toBeGreaterThan(60);
    const findings = files.flatMap((f) => findHardCodedText(fs.readFileSync(f, "utf8"), path.relative(root, f)));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it("client helpers (.ts under components/) put no hard-coded text on the screen either", () => {
    // e.g. an Error thrown by a browser-side helper that a component shows as the failure
    expect(findHardCodedText("export const f = (n: string) => { throw new Error(`Path too long: ${n}`); };", "x.ts").map((f) => f.text)).toEqual([
      "Path too long:",
    ]);
    const files = tsxFiles(path.join(root, "components"), [], ".ts");
    expect(files.length).toBeGreaterThan(10);
    const findings = files.flatMap((f) => findHardCodedText(fs.readFileSync(f, "utf8"), path.relative(root, f)));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });
});

// ─── (c) validation and error messages in both languages ──────────────────────────────────────
describe("messages a person understands", () => {
  const schema = z
    .object({
      name: z.string().trim().min(1).max(80),
      email: z.string().email(),
      defaults: z.object({ memoryMb: z.number().int().min(4) }),
      variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()),
      replicas: z.number().max(100),
    })
    .strict();

  function refused(input: unknown): AppError {
    try {
      parseInput(schema, input);
    } catch (e) {
      return e as AppError;
    }
    throw new Error("expected a refusal");
  }

  it("names each field by its label, one message per problem, with a key for machines", () => {
    const err = refused({ name: "", email: "x", defaults: { memoryMb: "a lot" }, variables: { "bad line": "1" }, replicas: 1000, extra: 1 });
    expect(err.code).toBe("VALIDATION");
    const byPath = Object.fromEntries((err.details ?? []).map((d) => [d.path, d]));
    expect(byPath["name"]).toMatchObject({ key: "validation.required", message: "Name is required." });
    expect(byPath["email"]).toMatchObject({ key: "validation.email", message: "Enter a valid email address for Email." });
    expect(byPath["defaults.memoryMb"]).toMatchObject({ key: "validation.type.number", message: "Default memory (MiB) must be a number." });
    expect(byPath["replicas"]).toMatchObject({ key: "validation.numberMax", params: { max: 100 } });
    expect(byPath["extra"]).toMatchObject({ key: "validation.unknownField" });
    expect(byPath["variables.bad line"]).toMatchObject({ key: "validation.invalidKey" });
    // No programmer text from zod reaches the user.
    for (const d of err.details ?? []) expect(d.message).not.toMatch(/Too small|expected string|Invalid key in record|>=/);
    expect(err.message).toBe(
      "Check these fields: Name, Email, Default memory (MiB), Variables bad line, Replicas. Unknown fields in the request (remove them): extra",
    );

    const zhErr = localizeError("zh-CN", err);
    const zhBy = Object.fromEntries((zhErr.details ?? []).map((d) => [d.path, d.message]));
    expect(zhBy["name"]).toBe("请填写名称。");
    expect(zhBy["defaults.memoryMb"]).toBe("默认内存（MiB）必须是数字。");
    expect(zhBy["replicas"]).toBe("副本数不能大于 100。");
    expect(zhBy["variables.bad line"]).toBe("变量 bad line：“bad line”不是有效的名称（字母、数字和下划线，不能以数字开头）。");
    expect(zhErr.message).toContain("请检查以下字段：名称、邮箱、默认内存（MiB）");
    for (const m of [zhErr.message, ...Object.values(zhBy)]) expect(m).not.toMatch(/⟦missing⟧/);
  });

  it("error codes and notFound() read in the caller's language", () => {
    expect(localizeError("zh-CN", notFound("Publish request")).message).toBe("找不到发布申请");
    expect(localizeError("en", notFound("Environment")).message).toBe("Environment not found");
    const forbidden = new AppError("FORBIDDEN", "Your role (viewer) does not allow app.deploy.", undefined, {
      i18n: { key: "errors.roleForbids", params: { role: "@roles.viewer", permission: "app.deploy" } },
    });
    expect(localizeError("zh-CN", forbidden).message).toBe("您的角色（只读成员）不允许执行 app.deploy。");
    expect(localizeError("en", forbidden).message).toBe("Your role (viewer) does not allow app.deploy.");
    // A message without a key stays as it was (English), in both languages.
    const plain = new AppError("CONFLICT", "Port 30001 is taken by app shop.");
    expect(localizeError("zh-CN", plain).message).toBe("Port 30001 is taken by app shop.");
  });

  it("labels: nested paths, array indices, unlabelled rest", () => {
    expect(fieldLabel("en", "defaults.memoryMb")).toBe("Default memory (MiB)");
    expect(fieldLabel("zh-CN", "portRange.to")).toBe(zh.fields.portRange.to);
    expect(fieldLabel("en", "services.0.image")).toBe("Image");
    expect(fieldLabel("en", "noSuchField")).toBe("noSuchField");
  });

  it("locale negotiation: Accept-Language with q-values, user setting first, Chinese by default", () => {
    expect(negotiateLocale("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(negotiateLocale("fr;q=1, zh-TW;q=0.5")).toBe("zh-CN");
    expect(negotiateLocale("fr, de")).toBeNull();
    expect(pickLocale({ acceptLanguage: "fr" })).toBe("zh-CN");
    expect(pickLocale({ user: "en", cookie: "zh-CN", acceptLanguage: "zh" })).toBe("en");
    expect(pickLocale({ cookie: "en", acceptLanguage: "zh" })).toBe("en");
  });
});
