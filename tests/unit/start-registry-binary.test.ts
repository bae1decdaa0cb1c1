// Issue 17 item 6: `npm start` gets Debian's docker-registry when the embedded registry is used
// (scripts/steps.mjs ensureRegistryBinary decides with this plan).
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTRY_BINARY, REGISTRY_INSTALL_COMMAND, registryBinaryPlan } from "../../scripts/registry-binary.mjs";

const files =
  (...present: string[]) =>
  (f: string) =>
    present.includes(f);

describe("npm start and the registry binary", () => {
  it("does nothing, quietly, when the binary is there", () => {
    expect(registryBinaryPlan({ env: {}, exists: files(DEFAULT_REGISTRY_BINARY, "/usr/bin/apt-get"), isRoot: true })).toBe("present");
    expect(registryBinaryPlan({ env: { CAAS_REGISTRY_BINARY: "/opt/reg" }, exists: files("/opt/reg"), isRoot: false })).toBe("present");
  });

  it("needs nothing with an external registry", () => {
    expect(registryBinaryPlan({ env: { CAAS_REGISTRY_URL: "https://registry.example.com" }, exists: files("/usr/bin/apt-get"), isRoot: true })).toBe(
      "external",
    );
  });

  it("installs the package as root with apt-get", () => {
    expect(registryBinaryPlan({ env: {}, exists: files("/usr/bin/apt-get"), isRoot: true })).toBe("install");
  });

  it("says what to run without root, without apt-get, or for a custom binary path", () => {
    expect(registryBinaryPlan({ env: {}, exists: files("/usr/bin/apt-get"), isRoot: false })).toBe("advise");
    expect(registryBinaryPlan({ env: {}, exists: files(), isRoot: true })).toBe("advise");
    expect(registryBinaryPlan({ env: { CAAS_REGISTRY_BINARY: "/opt/reg" }, exists: files("/usr/bin/apt-get"), isRoot: true })).toBe("advise");
    expect(REGISTRY_INSTALL_COMMAND).toBe("sudo apt-get install -y docker-registry");
  });
});
