// "Every form" is verifiable: each file of components/ and app/ that renders a <form> (or an
// ActionForm) has a row in tests/support/console-forms.ts, every row names files that exist, and a
// row without a probe says why.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONSOLE_FORMS } from "../support/console-forms";

const root = path.resolve(import.meta.dirname, "../..");

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith(".tsx")) out.push(p);
  }
  return out;
}

const FORM = /<form[\s>]|<ActionForm[\s>]/;

describe("the table of console forms", () => {
  const withForms = [...sources(path.join(root, "components")), ...sources(path.join(root, "app"))]
    .filter((f) => FORM.test(fs.readFileSync(f, "utf8")))
    .map((f) => path.relative(root, f).split(path.sep).join("/"));
  const listed = new Set(CONSOLE_FORMS.flatMap((f) => f.files));

  it("finds the forms (the scan works)", () => {
    expect(withForms.length).toBeGreaterThan(30);
  });

  it("has a row for every file that renders a form", () => {
    expect(withForms.filter((f) => !listed.has(f))).toEqual([]);
  });

  it("names only files that exist, and says why a row has no probe", () => {
    expect([...listed].filter((f) => !fs.existsSync(path.join(root, f)))).toEqual([]);
    expect(CONSOLE_FORMS.filter((f) => !f.probe && !f.none).map((f) => f.name)).toEqual([]);
  });

  it("probes most forms against the real portal", () => {
    expect(CONSOLE_FORMS.filter((f) => f.probe).length).toBeGreaterThanOrEqual(20);
  });
});
