// server.ts and Next's bundle each load their own copy of lib/errors; an AppError thrown by a
// dependency wired in server.ts (the tenant quota in submitRevision) reached the transport as a
// foreign class and was answered as a 500. The brand from the global symbol registry fixes that.
import { describe, expect, it } from "vitest";
import { AppError, isAppError, toAppError } from "@/lib/errors";

/** What an AppError built by the other module copy looks like here: another class, same brand. */
function foreignAppError(): Error & { code: string } {
  class OtherAppError extends Error {
    readonly code = "CONFLICT";
  }
  const e = new OtherAppError("CPU quota exceeded");
  Object.defineProperty(e, Symbol.for("caas.AppError"), { value: true });
  return e;
}

describe("AppError across module copies", () => {
  it("a branded error of another copy keeps its code and message", () => {
    const e = foreignAppError();
    expect(e instanceof AppError).toBe(false);
    expect(isAppError(e)).toBe(true);
    expect(toAppError(e)).toBe(e);
    expect(toAppError(e).code).toBe("CONFLICT");
  });

  it("an unbranded error stays INTERNAL, and the brand is not enumerable", () => {
    expect(toAppError(new Error("boom")).code).toBe("INTERNAL");
    const own = new AppError("CONFLICT", "x");
    expect(isAppError(own)).toBe(true);
    expect(JSON.stringify({ ...own })).not.toContain("caas");
  });
});
