// One-off codemod (kept for merges): rewrites imports that reach into another lib domain
// (`@/lib/<d>/<file>` from lib/<other>/…) to `@/lib/<d>`, adding the names to lib/<d>/index.ts.
// Usage: node tools/lint/fix-boundaries.mjs < eslint-json-output
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const results = JSON.parse(fs.readFileSync(0, "utf8"));
const addToIndex = new Map(); // domain -> Map(file -> {values:Set, types:Set})
let manual = [];
for (const r of results) {
  const hits = r.messages.filter((m) => m.ruleId === "caas/domain-boundaries" && m.messageId === "deep");
  if (!hits.length) continue;
  let src = fs.readFileSync(r.filePath, "utf8");
  const lines = new Set(hits.map((m) => m.line));
  // Find whole import/export statements starting on those lines.
  const re = /(^|\n)(import|export)(\s+type)?\s+(\{[^}]*\}|\*\s+as\s+\w+|\w+)\s+from\s+"(@\/lib\/([a-z-]+)\/([^"]+))";/g;
  src = src.replace(re, (all, pre, kw, typeKw, clause, source, domain, file) => {
    const own = path.relative(root, r.filePath).split(path.sep)[1];
    if (domain === own) return all;
    if (!clause.startsWith("{")) {
      manual.push(`${r.filePath}: ${all.trim()}`);
      return all;
    }
    const names = clause
      .slice(1, -1)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const d = addToIndex.get(domain) ?? new Map();
    addToIndex.set(domain, d);
    const e = d.get(file) ?? { values: new Set(), types: new Set() };
    d.set(file, e);
    for (const n of names) {
      const isType = !!typeKw || n.startsWith("type ");
      const base = n
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)[0]
        .trim();
      (isType ? e.types : e.values).add(base);
    }
    return `${pre}${kw}${typeKw ?? ""} ${clause} from "@/lib/${domain}";`;
  });
  fs.writeFileSync(r.filePath, src);
}
for (const [domain, files] of addToIndex) {
  const idx = path.join(root, "lib", domain, "index.ts");
  let text = fs.existsSync(idx) ? fs.readFileSync(idx, "utf8") : `// The ${domain} domain's public surface: other domains import from here only.\n`;
  const exported = new Set(
    [...text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) =>
      m[1].split(",").map((s) =>
        s
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)
          .pop(),
      ),
    ),
  );
  const starFiles = new Set([...text.matchAll(/export \* from "\.\/([^"]+)"/g)].map((m) => m[1]));
  for (const [file, { values, types }] of files) {
    if (starFiles.has(file)) continue;
    const v = [...values].filter((n) => !exported.has(n));
    const t = [...types].filter((n) => !exported.has(n) && !values.has(n));
    if (v.length) text += `export { ${v.join(", ")} } from "./${file}";\n`;
    if (t.length) text += `export type { ${t.join(", ")} } from "./${file}";\n`;
    for (const n of [...v, ...t]) exported.add(n);
  }
  fs.writeFileSync(idx, text);
}
if (manual.length) console.log("fix by hand:\n" + manual.join("\n"));
