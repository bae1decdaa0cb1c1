// T20 as pure logic: the naming scheme, requested ∩ allowed, name tricks, the libtrust key id.
import { generateKeyPairSync, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { allowedActions, grantAccess, parseScopes, type Principal } from "@/lib/registry/access";
import { parseRepository } from "@/lib/registry/names";
import { libtrustKeyId } from "@/lib/registry/token-keys";

const alice: Principal = {
  kind: "user",
  userId: "ualice1",
  platformAdmin: false,
  tenantRoles: new Map([
    ["acme", "member"],
    ["view", "viewer"],
  ]),
};
const admin: Principal = { kind: "user", userId: "uadmin1", platformAdmin: true, tenantRoles: new Map() };
const deploy: Principal = { kind: "deploy", tenantSlug: "acme" };

describe("repository names", () => {
  it("parses the four scopes", () => {
    expect(parseRepository("official/nginx")?.scope).toBe("official");
    expect(parseRepository("market/web")?.scope).toBe("market");
    expect(parseRepository("t/acme/web")).toMatchObject({ scope: "tenant", owner: "acme", name: "web" });
    expect(parseRepository("u/ualice1/tools/x")).toMatchObject({ scope: "personal", owner: "ualice1", name: "tools/x" });
  });
  it.each([
    "",
    "web",
    "t/acme",
    "u/ualice1",
    "official",
    "T/acme/web",
    "t/ACME/web",
    "t/acme/../other/web",
    "t/acme/./web",
    "t/acme//web",
    "t/acme/%2e%2e/web",
    "t%2facme/web",
    "t/acme/web/",
    "/t/acme/web",
    "t/acme/-web",
    "t/acme/web.",
    "t/acme/we b",
    "t/acme/web:1",
    "10.77.0.1:5000/t/acme/web",
    "t/acme/w\u0065b\u0000",
    "x".repeat(256),
  ])("refuses %j", (name) => {
    expect(parseRepository(name)).toBeNull();
  });
});

describe("allowed actions (T20)", () => {
  it("follows the scheme", () => {
    expect(allowedActions(alice, "official/nginx")).toEqual(["pull"]);
    expect(allowedActions(alice, "market/web")).toEqual(["pull"]);
    expect(allowedActions(alice, "t/acme/web")).toEqual(["pull", "push"]);
    expect(allowedActions(alice, "t/view/web")).toEqual(["pull"]);
    expect(allowedActions(alice, "t/other/web")).toEqual([]);
    expect(allowedActions(alice, "u/ualice1/x")).toEqual(["pull", "push"]);
    expect(allowedActions(alice, "u/ubob1/x")).toEqual([]);
    expect(allowedActions(admin, "official/nginx")).toEqual(["pull", "push", "delete"]);
    expect(allowedActions(admin, "market/web")).toEqual(["pull"]);
    expect(allowedActions(admin, "u/ualice1/x")).toEqual([]);
    expect(allowedActions(deploy, "t/acme/web")).toEqual(["pull"]);
    expect(allowedActions(deploy, "t/other/web")).toEqual([]);
    expect(allowedActions(deploy, "u/ualice1/x")).toEqual([]);
    expect(allowedActions({ kind: "portal" }, "market/web")).toEqual(["pull", "push", "delete"]);
  });

  it("grants requested ∩ allowed, per scope", () => {
    const req = parseScopes([
      "repository:t/acme/web:pull,push",
      "repository:t/other/web:pull,push repository:market/web:pull,push,delete",
      "repository:u/ualice1/x:*",
    ]);
    expect(grantAccess(alice, req)).toEqual([
      { type: "repository", name: "t/acme/web", actions: ["pull", "push"] },
      { type: "repository", name: "t/other/web", actions: [] },
      { type: "repository", name: "market/web", actions: ["pull"] },
      { type: "repository", name: "u/ualice1/x", actions: ["pull", "push"] },
    ]);
  });

  it("name tricks get nothing", () => {
    for (const name of ["t/acme/../other/web", "T/ACME/web", "t/acme/%2e%2e/other", "t%2Facme%2Fweb", "t/other/../acme/web", "u/UALICE1/x"]) {
      expect(grantAccess(alice, parseScopes([`repository:${name}:pull,push`]))[0].actions).toEqual([]);
    }
  });

  it("catalog only for admins", () => {
    expect(grantAccess(alice, parseScopes(["registry:catalog:*"]))[0].actions).toEqual([]);
    expect(grantAccess(admin, parseScopes(["registry:catalog:*"]))[0].actions).toEqual(["*"]);
  });

  it("ignores unknown resource types", () => {
    expect(grantAccess(admin, parseScopes(["repository(plugin):official/x:pull", "nonsense"]))).toEqual([]);
  });
});

describe("libtrust key id", () => {
  it("is 12 groups of 4 base32 characters, stable for a key", () => {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const kid = libtrustKeyId(publicKey);
    expect(kid).toMatch(/^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
    expect(libtrustKeyId(createPublicKey(publicKey.export({ type: "spki", format: "pem" })))).toBe(kid);
  });
});
