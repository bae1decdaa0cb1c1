// Signals between portal processes travel as NOTIFY payloads: a process ignores its own and
// anything malformed (the payload is a wake-up; receivers re-read and re-authorize).
import { describe, expect, it } from "vitest";
import { encodeSignal, parseSignal } from "@/lib/db/signals";

describe("cross-process signal payloads", () => {
  it("round-trip between two processes", () => {
    const wire = encodeSignal({ topic: "access", event: "changed", id: "user-1" }, "host:1:aa");
    expect(parseSignal(wire, "host:2:bb")).toEqual({ topic: "access", event: "changed", id: "user-1" });
  });

  it("are ignored by the process that sent them (it emitted locally already)", () => {
    expect(parseSignal(encodeSignal({ topic: "job", event: "progress", id: "j" }, "me"), "me")).toBeNull();
  });

  it("refuse unknown topics, wrong types, oversized and non-JSON payloads", () => {
    expect(parseSignal(JSON.stringify({ topic: "shell", event: "x", id: "y", origin: "o" }), "me")).toBeNull();
    expect(parseSignal(JSON.stringify({ topic: "job", event: 1, id: "y", origin: "o" }), "me")).toBeNull();
    expect(parseSignal(JSON.stringify({ topic: "job", event: "progress", id: "y".repeat(300), origin: "o" }), "me")).toBeNull();
    expect(parseSignal("not json", "me")).toBeNull();
    expect(parseSignal(undefined, "me")).toBeNull();
  });
});
