// The Compose editor's pure parts: where a problem is underlined, and the variables it sends to the
// validate endpoint (read like the server reads the form).
import { describe, expect, it } from "vitest";
import { problemRange, variablesFromLines } from "@/components/apps/compose-editor";

const DOC = `services:
  web:
    image: nginx
    privileged: true
    ports:
      - "80"
`;

describe("compose editor", () => {
  it("underlines the line a key path points at (from its indentation to the end)", () => {
    const r = problemRange(DOC, { path: "services.web.privileged" });
    expect(r.line).toBe(4);
    expect(DOC.slice(r.from, r.to)).toBe("privileged: true");
  });

  it("prefers the server's line and column", () => {
    const r = problemRange(DOC, { path: "services.web", line: 3, column: 12 });
    expect(r.line).toBe(3);
    expect(DOC.slice(r.from, r.to)).toBe("nginx");
  });

  it("keeps a line past the end inside the document", () => {
    const r = problemRange(DOC, { path: "", line: 99 });
    expect(r.from).toBeLessThanOrEqual(DOC.length);
  });

  it("reads KEY=value lines like the server's form parser", () => {
    expect(variablesFromLines("")).toBeUndefined();
    expect(variablesFromLines("# comment\nA=1\n B = two=2 \nBARE\n")).toEqual({ A: "1", B: " two=2", BARE: "" });
  });
});
