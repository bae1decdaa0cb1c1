// Issue 17 item 6: GET /api/v1/registry answers the address hosts pull portal images from, and a
// platform admin (only) the warnings about it. The test portal's embedded registry listens on the lab
// bridge address (LAB_REGISTRY: 10.77.0.1:5000, 10.77.0.1:5001 on the PostgreSQL tier), which the
// lab hosts reach: no loopback warning. The loopback and unspecified cases are unit-tested
// (tests/unit/registry-pull-address.test.ts): the test portal's address cannot be both.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, sessionCookie, tokenClient } from "../support/api-client";
import { LAB_REGISTRY } from "../support/lab";
import { buildTenant, type TenantWorld } from "../support/world";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let A: TenantWorld;

beforeAll(async () => {
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "reginfo");
});

const page = async (email: string, password: string) => {
  const cookie = await sessionCookie(baseUrl, email, password);
  const r = await fetch(`${baseUrl}/images`, { headers: { cookie, "accept-language": "en" } });
  expect(r.status).toBe(200);
  return r.text();
};

describe("GET /api/v1/registry", () => {
  it("answers a platform admin the lab's pull address and no warning", async () => {
    const r = await admin.get("/api/v1/registry");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ url: LAB_REGISTRY, pullAddress: LAB_REGISTRY, warnings: [] });
    // the images page shows the admin that address and no warning
    const html = await page(adminCreds.email, adminCreds.password);
    expect(html).toMatch(new RegExp(`data-testid="registry-pull-address"[^>]*>[^<]*${LAB_REGISTRY.replaceAll(".", "\\.")}`));
    expect(html).not.toContain('data-testid="registry-warning"');
  });

  it("answers tenant users the pull address and nothing admin-only", async () => {
    for (const role of ["owner", "member", "viewer"] as const) {
      const r = await A.users[role].api.get("/api/v1/registry");
      expect(r.status).toBe(200);
      expect(Object.keys(r.body).sort(), role).toEqual(["login", "personalNamespace", "pullAddress", "regions", "service", "url"]);
      // issue 17: the default region's hosts pull from the embedded registry's address
      expect(r.body.regions.find((x: { isDefault: boolean }) => x.isDefault)).toMatchObject({ name: "default", pullAddress: LAB_REGISTRY });
      expect(r.body).toMatchObject({ url: LAB_REGISTRY, pullAddress: LAB_REGISTRY, login: `docker login ${LAB_REGISTRY} -u ${A.users[role].email}` });
      expect(JSON.stringify(r.body)).not.toMatch(/CAAS_|warning/i);
    }
    const html = await page(A.users.member.email, A.users.member.password);
    expect(html).toContain('data-testid="registry-url"');
    expect(html).not.toContain('data-testid="registry-pull-address"');
    expect(html).not.toContain('data-testid="registry-warning"');
  });

  it("answers 401 to anonymous callers", async () => {
    expect((await new ApiClient(baseUrl).get("/api/v1/registry")).status).toBe(401);
  });
});
