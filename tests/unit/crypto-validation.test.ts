import { describe, expect, it, beforeAll } from "vitest";
import { AppError } from "@/lib/errors";
import { issueText, keyed, parseInput, slug, z } from "@/lib/validation";

beforeAll(() => {
  process.env.CAAS_SECRET_KEY = "unit-test-key-unit-test-key-unit-test-key";
});

describe("seal/unseal", () => {
  it("round-trips and never stores the plain text", async () => {
    const { seal, unseal } = await import("@/lib/crypto");
    const sealed = seal("SWMTKN-1-secret-join-token");
    expect(sealed).not.toContain("SWMTKN");
    expect(unseal(sealed)).toBe("SWMTKN-1-secret-join-token");
    expect(seal("x")).not.toBe(seal("x"));
  });

  it("detects tampering", async () => {
    const { seal, unseal } = await import("@/lib/crypto");
    const parts = seal("value").split(":");
    parts[3] = Buffer.from("other").toString("base64");
    expect(() => unseal(parts.join(":"))).toThrow();
  });
});

describe("parseInput", () => {
  it("names every offending field in one VALIDATION error", () => {
    const schema = z.object({ name: z.string().min(1), slug, portRange: z.object({ to: z.number() }) });
    try {
      parseInput(schema, { name: "", slug: "Bad Slug", portRange: { to: "x" } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.code).toBe("VALIDATION");
      expect(err.details?.map((d) => d.path).sort()).toEqual(["name", "portRange.to", "slug"]);
    }
  });
});

describe("keyed refine messages", () => {
  const schema = z.object({
    network: z.string().transform((s, ctx) => (s.includes("/") ? s : (ctx.addIssue({ code: "custom", ...keyed("validation.cidr") }), z.NEVER))),
    labels: z.record(z.string(), z.string()).refine((l) => Object.keys(l).length <= 1, keyed("validation.tooManyItems", { max: 1 })),
  });
  it("a refine names its catalog key and parameters, with the English text of that key", () => {
    let err: AppError | undefined;
    try {
      parseInput(schema, { network: "nonsense", labels: { a: "1", b: "2" } });
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe("VALIDATION");
    const byPath = Object.fromEntries((err?.details ?? []).map((d) => [d.path, d]));
    expect(byPath.network).toMatchObject({ key: "validation.cidr" });
    expect(byPath.network.message).toMatch(/CIDR notation/);
    expect(byPath.labels).toMatchObject({ key: "validation.tooManyItems", params: { max: 1 } });
    expect(byPath.labels.message).toMatch(/at most 1 entr/);
  });
  it("issueText writes a refused key as English naming its path", () => {
    const r = schema.safeParse({ network: "10.0.0.0/8", labels: { a: "1", b: "2" } });
    expect(r.success).toBe(false);
    expect(issueText(r.error!.issues[0], {}, "questions.0.labels")).toMatch(/^questions\.0\.labels can have at most 1 entr/);
  });
});
