import { describe, expect, it } from "vitest";
import { authorize, can, PERMISSIONS, type Actor, type Permission, type TenantRole } from "@/lib/policy";
import { AppError } from "@/lib/errors";

function actor(roles: Record<string, TenantRole>, platformAdmin = false): Actor {
  return { userId: "u", email: "u@x", name: "u", platformAdmin, roles: new Map(Object.entries(roles)), via: "session" };
}

function outcome(fn: () => void): "ok" | string {
  try {
    fn();
    return "ok";
  } catch (e) {
    return (e as AppError).code;
  }
}

describe("authorize", () => {
  it("gives a non-member NOT_FOUND for a tenant-owned object, never FORBIDDEN (not yours = not found)", () => {
    const a = actor({ t1: "owner" });
    expect(outcome(() => authorize(a, "environment.read", { tenantId: "t2" }))).toBe("NOT_FOUND");
    expect(outcome(() => authorize(a, "app.deploy", { tenantId: "t2" }))).toBe("NOT_FOUND");
  });

  it("gives a member whose role lacks the verb FORBIDDEN", () => {
    expect(outcome(() => authorize(actor({ t1: "viewer" }), "app.deploy", { tenantId: "t1" }))).toBe("FORBIDDEN");
    expect(outcome(() => authorize(actor({ t1: "member" }), "environment.create", { tenantId: "t1" }))).toBe("FORBIDDEN");
    expect(outcome(() => authorize(actor({ t1: "viewer" }), "container.exec", { tenantId: "t1" }))).toBe("FORBIDDEN");
  });

  it("keeps platform-only verbs for admins whatever the tenant role", () => {
    for (const p of ["user.manage", "tenant.create", "image.publish.approve", "environment.policy.manage"] as Permission[]) {
      expect(outcome(() => authorize(actor({ t1: "owner" }), p))).toBe("FORBIDDEN");
      expect(outcome(() => authorize(actor({ t1: "owner" }), p, { tenantId: "t1" }))).toBe("FORBIDDEN");
      expect(outcome(() => authorize(actor({}, true), p))).toBe("ok");
    }
  });

  it("matches the role table for every permission and role", () => {
    for (const [perm, roles] of Object.entries(PERMISSIONS) as [Permission, readonly TenantRole[]][]) {
      for (const role of ["owner", "member", "viewer"] as TenantRole[]) {
        expect(can(actor({ t1: role }), perm, { tenantId: "t1" }), `${role} ${perm}`).toBe(roles.includes(role));
      }
    }
  });

  it("viewers may read logs but not exec, files or commit", () => {
    const v = actor({ t1: "viewer" });
    expect(can(v, "container.logs", { tenantId: "t1" })).toBe(true);
    expect(can(v, "container.exec", { tenantId: "t1" })).toBe(false);
    expect(can(v, "container.files", { tenantId: "t1" })).toBe(false);
    expect(can(v, "container.commit", { tenantId: "t1" })).toBe(false);
  });
});
