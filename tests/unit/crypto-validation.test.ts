import { describe, expect, it, beforeAll } from "vitest";
import { AppError } from "@/lib/errors";
import { parseInput, slug, z } from "@/lib/validation";

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
