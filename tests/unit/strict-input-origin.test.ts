// Issue 9 hole 6: request bodies with unknown fields are refused (at any depth, whether or not the
// schema says `.strict()`), and the CSRF origin check compares scheme, host and port.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseInput, unknownFields, z } from "@/lib/validation";
import { isSameOrigin } from "@/lib/http/origin";
import { createUserInput } from "@/lib/users/create-user";
import { createEnvironmentInput, updateEnvironmentInput } from "@/lib/environments/environment-input";

function validationError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("VALIDATION");
    return e as AppError;
  }
  throw new Error("expected a VALIDATION error");
}

describe("parseInput refuses unknown fields", () => {
  it("at the top level of a plain (non-strict) object schema, naming the field", () => {
    const err = validationError(() => parseInput(createUserInput, { email: "a@b.test", name: "A", password: "password-1", isAdmin: true }));
    expect(err.details).toEqual([{ path: "isAdmin", message: expect.stringMatching(/unknown field/i), key: "validation.unknownField" }]);
    expect(err.message).toContain("isAdmin");
  });

  it("in nested objects, array items, record values and union members", () => {
    const schema = z.object({
      defaults: z.object({ cpus: z.number() }).optional(),
      items: z.array(z.object({ name: z.string() })),
      byName: z.record(z.string(), z.object({ v: z.number() })),
      either: z.union([z.string(), z.object({ kind: z.literal("x") })]),
      piped: z.object({ n: z.number() }).transform((o) => o.n),
    });
    const input = {
      defaults: { cpus: 1, gpus: 2 },
      items: [{ name: "a" }, { name: "b", extra: 1 }],
      byName: { k: { v: 1, w: 2 } },
      either: { kind: "x", sneaky: true },
      piped: { n: 1, m: 2 },
      top: 1,
    };
    expect(unknownFields(schema, input).sort()).toEqual(["byName.k.w", "defaults.gpus", "either.sneaky", "items.1.extra", "piped.m", "top"]);
    const err = validationError(() => parseInput(schema, input));
    expect(err.details?.map((d) => d.path).sort()).toEqual(["byName.k.w", "defaults.gpus", "either.sneaky", "items.1.extra", "piped.m", "top"]);
  });

  it("in a real nested input (environment defaults and port range)", () => {
    const err = validationError(() =>
      parseInput(updateEnvironmentInput, { defaults: { cpus: 1, memoryMb: 64, privileged: true }, portRange: { from: 30000, to: 30010, step: 2 } }),
    );
    expect(err.details?.map((d) => d.path).sort()).toEqual(["defaults.privileged", "portRange.step"]);
  });

  it("once per field for schemas that are already .strict(), together with invalid fields", () => {
    const err = validationError(() => parseInput(createEnvironmentInput, { tenantId: "t1", name: "Bad Name", swarmClusterId: "x" }));
    expect(err.details?.map((d) => d.path).sort()).toEqual(["name", "swarmClusterId"]);
    expect(err.message).toMatch(/Check these fields: Name/);
    expect(err.message).toMatch(/swarmClusterId/);
  });

  it("refuses __proto__ and constructor keys from JSON", () => {
    const schema = z.object({ name: z.string() });
    const err = validationError(() => parseInput(schema, JSON.parse('{"name":"a","__proto__":{"admin":true},"constructor":1}')));
    expect(err.details?.map((d) => d.path).sort()).toEqual(["__proto__", "constructor"]);
  });

  it("accepts exactly the named fields, undefined-valued extras (never from JSON) and explicit catch-alls", () => {
    expect(parseInput(createUserInput, { email: "A@B.test", name: "A", password: "password-1" })).toEqual({
      email: "a@b.test",
      name: "A",
      password: "password-1",
      platformAdmin: false,
    });
    expect(parseInput(z.object({ a: z.string() }), { a: "x", b: undefined })).toEqual({ a: "x" });
    expect(parseInput(z.looseObject({ a: z.string() }), { a: "x", b: 1 })).toEqual({ a: "x", b: 1 });
    expect(parseInput(z.record(z.string(), z.string()), { ANY_NAME: "v" })).toEqual({ ANY_NAME: "v" });
  });
});

describe("isSameOrigin compares scheme, host and port", () => {
  const https = "https://portal.example";
  const http = "http://127.0.0.1:3101";

  it("accepts the public origin and the request's own origin", () => {
    expect(isSameOrigin("https://portal.example", "portal.example", "https", https)).toBe(true);
    expect(isSameOrigin("https://portal.example:443", "internal:3000", null, https)).toBe(true);
    expect(isSameOrigin("http://127.0.0.1:3101", "127.0.0.1:3101", null, http)).toBe(true);
    // Another name of the same server (localhost vs 127.0.0.1), as the client addressed it.
    expect(isSameOrigin("http://localhost:3101", "localhost:3101", "http", http)).toBe(true);
    expect(isSameOrigin("https://alias.example", "alias.example", "https", https)).toBe(true);
  });

  it("refuses an http origin for an https portal, even on the same host", () => {
    expect(isSameOrigin("http://portal.example", "portal.example", null, https)).toBe(false);
    expect(isSameOrigin("http://portal.example", "portal.example", "http", https)).toBe(false);
    expect(isSameOrigin("http://portal.example", "portal.example", "https", https)).toBe(false);
  });

  it("refuses a scheme that differs from the request's own", () => {
    expect(isSameOrigin("https://localhost:3101", "localhost:3101", null, http)).toBe(false);
    expect(isSameOrigin("http://alias.example", "alias.example", "https", "https://portal.example")).toBe(false);
  });

  it("refuses other ports, hosts, missing, null and non-web origins", () => {
    expect(isSameOrigin("http://127.0.0.1:3102", "127.0.0.1:3101", null, http)).toBe(false);
    expect(isSameOrigin("https://portal.example.evil.test", "portal.example", "https", https)).toBe(false);
    expect(isSameOrigin("https://portal.example:8443", "portal.example", "https", https)).toBe(false);
    expect(isSameOrigin(null, "portal.example", "https", https)).toBe(false);
    expect(isSameOrigin("null", "portal.example", "https", https)).toBe(false);
    expect(isSameOrigin("file://portal.example", "portal.example", null, http)).toBe(false);
    expect(isSameOrigin("not a url", "portal.example", null, http)).toBe(false);
    expect(isSameOrigin("http://a.test", "a.test/path@evil.test", null, http)).toBe(false);
    expect(isSameOrigin("http://a.test", null, null, http)).toBe(false);
  });
});
