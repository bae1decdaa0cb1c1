// Deploy credentials (pull-only, one tenant, short-lived) and pull-error wording.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let mod: typeof import("@/lib/registry/deploy-credential");
let keys: typeof import("@/lib/registry/token-keys");
let sign: typeof import("@/lib/registry/sign-token");

beforeAll(async () => {
  process.env.CAAS_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "caas-reg-unit-"));
  keys = await import("@/lib/registry/token-keys");
  mod = await import("@/lib/registry/deploy-credential");
  sign = await import("@/lib/registry/sign-token");
});

afterAll(() => fs.rmSync(process.env.CAAS_DATA_DIR!, { recursive: true, force: true }));

describe("deploy credentials", () => {
  it("round-trips the tenant", async () => {
    const c = await mod.mintDeployCredential("acme");
    expect(await mod.verifyDeployCredential(c)).toEqual({ ok: true, tenantSlug: "acme" });
  });

  it("says when it expired", async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = await new SignJWT({ tenant: "acme" })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer("caas-portal")
      .setAudience("caas-deploy")
      .setIssuedAt(now - 2000)
      .setExpirationTime(now - 1000)
      .sign(keys.tokenKey().privateKey);
    expect(await mod.verifyDeployCredential(old)).toEqual({ ok: false, expired: true });
  });

  it("a registry token or a forged credential is not a deploy credential", async () => {
    const t = await sign.signRegistryToken("u1", []);
    expect((await mod.verifyDeployCredential(t.token)).ok).toBe(false);
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const forged = await new SignJWT({ tenant: "acme" })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer("caas-portal")
      .setAudience("caas-deploy")
      .setExpirationTime("5m")
      .sign(other);
    expect((await mod.verifyDeployCredential(forged)).ok).toBe(false);
    expect((await mod.verifyDeployCredential("caas_abc")).ok).toBe(false);
  });

  it("the X-Registry-Auth header is padded base64url JSON naming our registry", async () => {
    const h = await mod.deployRegistryAuth("acme");
    expect(h).not.toMatch(/[+/]/);
    const j = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    expect(j).toMatchObject({ username: "caas-deploy", serveraddress: expect.any(String) });
  });

  it("registry tokens are short-lived RS256 with a libtrust kid", async () => {
    const t = await sign.signRegistryToken("u1", [{ type: "repository", name: "official/x", actions: ["pull"] }]);
    const header = JSON.parse(Buffer.from(t.token.split(".")[0], "base64url").toString());
    const payload = JSON.parse(Buffer.from(t.token.split(".")[1], "base64url").toString());
    expect(header).toMatchObject({ alg: "RS256", kid: keys.tokenKey().kid });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(300);
    expect(payload).toMatchObject({ iss: "caas-portal", aud: "caas-registry", sub: "u1" });
  });
});

describe("pull errors", async () => {
  const { classifyPullError } = await import("@/lib/registry/pull-errors");
  it.each([
    ["unauthorized: The deploy credential expired; deploy again.", "expired"],
    ["manifest unknown: manifest unknown", "missing"],
    ["No such image: 10.77.0.1:5000/market/x@sha256:abc", "missing"],
    ["denied: requested access to the resource is denied", "denied"],
    ['Head "http://10.77.0.1:5000/v2/t/b/x/manifests/1": unauthorized: authentication required', "denied"],
  ])("%s → %s", (msg, problem) => {
    expect(classifyPullError(msg).problem).toBe(problem);
  });
});
