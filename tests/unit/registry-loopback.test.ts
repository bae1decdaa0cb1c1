// Issue 11 item 6: the registry address shown to hosts being a loopback one is flagged for the admin.
import { describe, expect, it } from "vitest";
import { isLoopbackRegistry } from "@/lib/images/registry-info";

describe("registry address seen by hosts", () => {
  it("flags loopback and unspecified addresses, with or without port and scheme", () => {
    for (const a of [
      "127.0.0.1:5000",
      "127.1.2.3",
      "localhost:5000",
      "LOCALHOST",
      "registry.localhost:5000",
      "[::1]:5000",
      "::1",
      "0.0.0.0:5000",
      "http://127.0.0.1:5000/",
    ])
      expect(isLoopbackRegistry(a), a).toBe(true);
  });
  it("accepts addresses other hosts can reach", () => {
    for (const a of ["10.77.0.1:5000", "registry.example.com", "registry.example.com:443", "[fd00::1]:5000", "127.example.com"])
      expect(isLoopbackRegistry(a), a).toBe(false);
  });
});
