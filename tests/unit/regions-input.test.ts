// Issue 17 item 1: what a platform admin may send for a region (lib/regions/region-input.ts), as pure
// logic: the registry URL rule, the pull address hosts get, the credential rules of create and edit,
// and the default region that stays the embedded registry. Errors name the field by its path in the
// body (`registry.url`, `registry.username`, `registry.password`).
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { fieldLabel, localizeError } from "@/lib/i18n/localize-error";
import { createRegionInput, credentialColumns, isRegistryUrl, normalizeRegistryUrl, registryPullAddress, updateRegionInput } from "@/lib/regions/region-input";

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("VALIDATION");
    return ((e as AppError).details ?? []).map((d) => d.path);
  }
  throw new Error("expected a VALIDATION error");
}

describe("registry URL", () => {
  it("accepts http(s) origins and stores them without a trailing slash, lower-cased", () => {
    for (const ok of ["https://reg.example", "http://10.0.0.5:5000", "https://Reg.Example:5000/", "http://[fd00::5]:5000"])
      expect(isRegistryUrl(ok), ok).toBe(true);
    expect(normalizeRegistryUrl("https://Reg.Example:5000/")).toBe("https://reg.example:5000");
  });

  it("refuses other schemes, credentials, paths, queries, fragments and non-URLs", () => {
    for (const bad of [
      "ftp://reg.example",
      "reg.example:5000",
      "https://user:pw@reg.example",
      "https://reg.example/v2/",
      "https://reg.example?x=1",
      "https://reg.example#x",
      "javascript:alert(1)",
      "",
    ])
      expect(isRegistryUrl(bad), bad).toBe(false);
  });

  it("gives the host:port hosts pull from (plain http on port 80 keeps its port: docker assumes https)", () => {
    expect(registryPullAddress("https://reg.sz.example:5000")).toBe("reg.sz.example:5000");
    expect(registryPullAddress("https://reg.sz.example")).toBe("reg.sz.example");
    expect(registryPullAddress("http://10.0.0.5")).toBe("10.0.0.5:80");
    expect(registryPullAddress("http://10.0.0.5:5000")).toBe("10.0.0.5:5000");
  });
});

describe("create and update input", () => {
  it("a new region names its registry (a nested object); a missing or bad URL is refused naming registry.url", () => {
    const ok = parseInput(createRegionInput, { name: "shenzhen", displayName: "Shenzhen", registry: { url: "https://reg.sz.example:5000/" } });
    expect(ok).toEqual({ name: "shenzhen", displayName: "Shenzhen", registry: { url: "https://reg.sz.example:5000" } });
    const creds = parseInput(createRegionInput, {
      name: "sz",
      displayName: "S",
      registry: { url: "https://r.example", username: " robot ", password: "s3cret" },
    });
    expect(creds.registry).toEqual({ url: "https://r.example", username: "robot", password: "s3cret" });
    expect(fieldsOf(() => parseInput(createRegionInput, { name: "shenzhen", displayName: "Shenzhen" }))).toEqual(["registry"]);
    expect(fieldsOf(() => parseInput(createRegionInput, { name: "shenzhen", displayName: "Shenzhen", registry: {} }))).toEqual(["registry.url"]);
    expect(fieldsOf(() => parseInput(createRegionInput, { name: "shenzhen", displayName: "S", registry: { url: "ftp://x" } }))).toEqual(["registry.url"]);
    expect(fieldsOf(() => parseInput(createRegionInput, { name: "sz", displayName: "S", registry: { url: "https://r.example", username: "" } }))).toEqual([
      "registry.username",
    ]);
    expect(fieldsOf(() => parseInput(createRegionInput, { name: "sz", displayName: "S", registry: { url: "https://r.example", password: "" } }))).toEqual([
      "registry.password",
    ]);
  });

  it("the flat fields of before are unknown fields; so are unknown keys inside registry", () => {
    expect(fieldsOf(() => parseInput(createRegionInput, { name: "sz", displayName: "S", registryUrl: "https://r.example" })).sort()).toEqual([
      "registry",
      "registryUrl",
    ]);
    expect(fieldsOf(() => parseInput(updateRegionInput, { registryUsername: null }))).toEqual(["registryUsername"]);
    expect(fieldsOf(() => parseInput(updateRegionInput, { registry: { url: "https://r.example", passwordEnc: "v1:x" } }))).toEqual(["registry.passwordEnc"]);
  });

  it("on edit every field is optional, registry.username may be null (remove the credentials)", () => {
    expect(parseInput(updateRegionInput, {})).toEqual({});
    expect(parseInput(updateRegionInput, { registry: { username: null } })).toEqual({ registry: { username: null } });
    expect(parseInput(updateRegionInput, { displayName: "SZ", registry: { url: "http://10.0.0.5:5000/" } })).toEqual({
      displayName: "SZ",
      registry: { url: "http://10.0.0.5:5000" },
    });
    expect(fieldsOf(() => parseInput(updateRegionInput, { registry: { url: "https://r.example/v2/" } }))).toEqual(["registry.url"]);
    expect(fieldsOf(() => parseInput(updateRegionInput, { registry: { password: null } }))).toEqual(["registry.password"]);
    expect(fieldsOf(() => parseInput(updateRegionInput, { registry: null }))).toEqual(["registry"]);
  });

  it("the name is a slug; unknown fields (isDefault, the sealed column) are refused", () => {
    expect(fieldsOf(() => parseInput(createRegionInput, { name: "Shen Zhen", displayName: "S", registry: { url: "https://r.example" } }))).toEqual(["name"]);
    expect(fieldsOf(() => parseInput(createRegionInput, { name: "sz", displayName: "S", registry: { url: "https://r.example" }, isDefault: true }))).toEqual([
      "isDefault",
    ]);
    expect(fieldsOf(() => parseInput(updateRegionInput, { registryPasswordEnc: "v1:x" }))).toEqual(["registryPasswordEnc"]);
    expect(fieldsOf(() => parseInput(updateRegionInput, { name: "renamed" }))).toEqual(["name"]);
  });
});

describe("credentials", () => {
  const fresh = { isDefault: false, registryUsername: null, hasPassword: false };
  const withCreds = { isDefault: false, registryUsername: "robot", hasPassword: true };

  it("come together: a user name without a password, or a password without a user name, is refused naming the missing one", () => {
    expect(credentialColumns(fresh, { url: "https://r.example", username: "robot", password: "s3cret" })).toEqual({
      registryUsername: "robot",
      registryPassword: "s3cret",
    });
    expect(fieldsOf(() => credentialColumns(fresh, { username: "robot" }))).toEqual(["registry.password"]);
    expect(fieldsOf(() => credentialColumns(fresh, { password: "s3cret" }))).toEqual(["registry.username"]);
    expect(credentialColumns(fresh, { url: "https://r.example" })).toEqual({});
  });

  it("on edit an omitted password keeps the stored one; a new password alone replaces it; null removes both", () => {
    expect(credentialColumns(withCreds, { username: "robot2" })).toEqual({ registryUsername: "robot2" });
    expect(credentialColumns(withCreds, { password: "new" })).toEqual({ registryPassword: "new" });
    expect(credentialColumns(withCreds, { username: null })).toEqual({ registryUsername: null, registryPassword: null });
    expect(fieldsOf(() => credentialColumns(withCreds, { username: null, password: "x" }))).toEqual(["registry.password"]);
    expect(credentialColumns(withCreds, {})).toEqual({});
    expect(credentialColumns(withCreds, undefined)).toEqual({});
  });

  it("the default region stays the embedded registry: no URL, no credentials (the display name may change)", () => {
    const def = { isDefault: true, registryUsername: null, hasPassword: false };
    expect(fieldsOf(() => credentialColumns(def, { url: "https://r.example" }))).toEqual(["registry.url"]);
    expect(fieldsOf(() => credentialColumns(def, { username: "robot", password: "x" }))).toEqual(["registry.username"]);
    expect(fieldsOf(() => credentialColumns(def, { password: "x" }))).toEqual(["registry.password"]);
    expect(credentialColumns(def, undefined)).toEqual({});
    expect(credentialColumns(def, {})).toEqual({});
    expect(credentialColumns(def, { username: null })).toEqual({});
  });

  it("a rule error is a VALIDATION naming the nested path in its summary and its detail", () => {
    let err: AppError | undefined;
    try {
      credentialColumns(fresh, { username: "robot" });
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe("VALIDATION");
    expect(err?.i18n?.paths).toEqual(["registry.password"]);
    expect(err?.details).toEqual([expect.objectContaining({ path: "registry.password", key: "regions.validation.userWithoutPassword" })]);
  });
});

describe("the nested paths have labels in both languages (errors name the field, never the raw path)", () => {
  it("registry, registry.url, registry.username, registry.password", () => {
    for (const p of ["registry", "registry.url", "registry.username", "registry.password"]) {
      expect(fieldLabel("en", p), p).not.toBe(p);
      expect(fieldLabel("zh-CN", p), p).toMatch(/[\u4e00-\u9fff]/);
    }
    let err: AppError | undefined;
    try {
      parseInput(createRegionInput, { name: "sz", displayName: "S", registry: { url: "ftp://x" } });
    } catch (e) {
      err = e as AppError;
    }
    for (const locale of ["en", "zh-CN"] as const) {
      const { message, details } = localizeError(locale, err!);
      expect(message).not.toContain("registry.url");
      expect(details?.[0].path).toBe("registry.url");
      expect(details?.[0].message).toContain(fieldLabel(locale, "registry.url"));
    }
  });
});
