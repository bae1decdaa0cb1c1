// Answers to a template's typed questions: types, required, ranges, options, conditions, unknown
// names and password answers (sealed, or kept from the current revision on an upgrade).
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { validateAnswers, type Question } from "@/lib/templates";
import { upgradeAllowed } from "@/lib/templates/upgrade-from";

const ctx = { serviceExists: async (n: string) => n === "db/mysql", secretExists: async (n: string) => n === "tls" };
const Q: Question[] = [
  { variable: "NAME", label: "Name", type: "string", required: true },
  { variable: "PORT", label: "Port", type: "int", min: 1024, max: 2048, default: 1080 },
  { variable: "DEBUG", label: "Debug", type: "boolean", default: false },
  { variable: "SIZE", label: "Size", type: "enum", options: ["s", "m"], default: "s" },
  { variable: "PASS", label: "Password", type: "password", required: true },
  { variable: "NOTES", label: "Notes", type: "multiline" },
  { variable: "DB", label: "Database", type: "service" },
  { variable: "CERT", label: "Certificate", type: "certificate" },
  { variable: "LEVEL", label: "Debug level", type: "int", required: true, showIf: "DEBUG=true" },
];

async function problems(answers: Record<string, string | number | boolean>, keep?: Set<string>) {
  try {
    await validateAnswers(Q, answers, ctx, keep);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("VALIDATION");
    return (e as AppError).details!.map((d) => d.path);
  }
}

describe("validateAnswers", () => {
  it("turns valid answers into variables, defaults applied, the password sealed", async () => {
    const r = await validateAnswers(Q, { NAME: "x", PASS: "s3cret", PORT: "2000", DEBUG: "false", NOTES: "a\nb", DB: "db/mysql", CERT: "tls" }, ctx);
    expect(r.variables).toMatchObject({
      NAME: "x",
      PORT: "2000",
      DEBUG: "false",
      SIZE: "s",
      PASS: { value: "s3cret", secret: true },
      NOTES: "a\nb",
      DB: "db/mysql",
    });
    expect(r.plain).not.toHaveProperty("PASS");
    expect(r.variables).not.toHaveProperty("LEVEL"); // hidden by its condition
  });

  it("names every wrong answer: missing required, wrong type, out of range, unknown option, unknown name", async () => {
    expect(await problems({ PORT: "eighty", DEBUG: "yes", SIZE: "xl", EXTRA: "1" })).toEqual(
      expect.arrayContaining(["answers.NAME", "answers.PASS", "answers.PORT", "answers.DEBUG", "answers.SIZE", "answers.EXTRA"]),
    );
    expect(await problems({ NAME: "x", PASS: "p", PORT: 80 })).toEqual(["answers.PORT"]);
    expect(await problems({ NAME: "x", PASS: "p", PORT: 1.5 })).toEqual(["answers.PORT"]);
    expect(await problems({ NAME: 5, PASS: "p" })).toEqual(["answers.NAME"]);
    expect(await problems({ NAME: "a\nb", PASS: "p" })).toEqual(["answers.NAME"]);
  });

  it("checks service and certificate answers against the environment", async () => {
    expect(await problems({ NAME: "x", PASS: "p", DB: "other/svc", CERT: "nope" })).toEqual(["answers.DB", "answers.CERT"]);
  });

  it("asks a conditional question only when its condition holds", async () => {
    expect(await problems({ NAME: "x", PASS: "p", DEBUG: true })).toEqual(["answers.LEVEL"]);
    expect(await problems({ NAME: "x", PASS: "p", DEBUG: true, LEVEL: 3 })).toEqual([]);
  });

  it("keeps the current password on an upgrade when none is given", async () => {
    const r = await validateAnswers(Q, { NAME: "x" }, ctx, new Set(["PASS"]));
    expect(r.variables.PASS).toEqual({ secret: true });
  });
});

describe("upgrade_from", () => {
  it("accepts any, exact, comparators and alternatives", () => {
    expect(upgradeAllowed("1.0", "")).toBe(true);
    expect(upgradeAllowed("1.0", "*")).toBe(true);
    expect(upgradeAllowed("1.0", "1.0")).toBe(true);
    expect(upgradeAllowed("1.1", "1.0")).toBe(false);
    expect(upgradeAllowed("1.10.0", ">=1.9.0 <2.0.0")).toBe(true);
    expect(upgradeAllowed("2.0.0", ">=1.9.0 <2.0.0")).toBe(false);
    expect(upgradeAllowed("0.9", "<1.0 || >=3")).toBe(true);
  });
});
