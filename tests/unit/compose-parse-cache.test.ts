// parseCompose keeps its last successful parses (the same template is deployed again and again):
// a kept parse must be the same model a fresh parse gives, each caller its own copy, and a change
// of text, variables or profiles must never answer another input's model.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseCompose } from "@/lib/compose";

const DIR = join(process.cwd(), "tests/fixtures/compose");
const VARIABLES = { DB_PASS: "pw" };

function outcome(text: string, variables: Record<string, string>, profiles?: string[]) {
  try {
    return { spec: parseCompose(text, variables, profiles ? { profiles } : {}) };
  } catch (e) {
    return { error: e };
  }
}

describe("parseCompose: kept parses", () => {
  it("answers every corpus file again with an equal model, a copy of its own", () => {
    let accepted = 0;
    for (const file of readdirSync(DIR).filter((f) => f.endsWith(".yml"))) {
      const text = readFileSync(join(DIR, file), "utf8");
      const first = outcome(text, VARIABLES);
      const again = outcome(text, VARIABLES);
      if (first.error) {
        // failures are built anew each time, with the same answer
        const [f, a] = [first.error as AppError, again.error as AppError];
        expect(a, file).toBeInstanceOf(AppError);
        expect([a.code, a.message, a.details], file).toEqual([f.code, f.message, f.details]);
        continue;
      }
      accepted++;
      expect(again.spec, file).toStrictEqual(first.spec);
      expect(again.spec, file).not.toBe(first.spec);
      // what one caller does to its model reaches neither the next caller nor the first one
      const before = structuredClone(first.spec);
      again.spec!.services[0].image = "changed/by-caller";
      again.spec!.warnings.push({ path: "x", message: "added by a caller" } as never);
      expect(outcome(text, VARIABLES).spec, file).toStrictEqual(first.spec);
      expect(first.spec, file).toStrictEqual(before);
    }
    expect(accepted).toBeGreaterThan(20);
  });

  it("answers a model for the variables and profiles it was given, not a kept one for others", () => {
    const text = "services:\n  web:\n    image: shop/web:${TAG}\n  debug:\n    image: shop/debug:1\n    profiles: [debug]\n";
    const a = parseCompose(text, { TAG: "1.0" });
    const b = parseCompose(text, { TAG: "2.0" });
    expect(a.services.map((s) => s.image)).toEqual(["shop/web:1.0"]);
    expect(b.services.map((s) => s.image)).toEqual(["shop/web:2.0"]);
    expect(parseCompose(text, { TAG: "1.0" }, { profiles: ["debug"] }).services.map((s) => s.image)).toEqual(["shop/debug:1", "shop/web:1.0"]);
    expect(parseCompose(text, { TAG: "1.0" }).services.map((s) => s.image)).toEqual(["shop/web:1.0"]);
    // a text one character apart is its own entry
    expect(parseCompose(text.replace("shop/web", "shop/wex"), { TAG: "1.0" }).services[0].image).toBe("shop/wex:1.0");
  });

  it("keeps no failure: a text refused once is refused again with the same key paths", () => {
    const bad = "services:\n  web:\n    image: 3\n    replicas: many\n";
    const paths = () => {
      const r = outcome(bad, {});
      expect(r.error).toBeInstanceOf(AppError);
      return ((r.error as AppError).details ?? []).map((d) => d.path);
    };
    const first = paths();
    expect(first.length).toBeGreaterThan(0);
    expect(paths()).toEqual(first);
  });
});
