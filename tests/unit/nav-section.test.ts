// Issue 11 item 6: the side navigation lit "Dashboard" on a tenant's pages. Each page marks the
// item of its own section, and at most one.
import { describe, expect, it } from "vitest";
import { activeHref, sectionOf } from "@/components/shell/nav-section";

const NAV = [
  "/",
  "/environments",
  "/apps",
  "/images",
  "/templates",
  "/marketplace",
  "/audit",
  "/profile",
  "/settings/tokens",
  "/settings/preferences",
  "/admin/tenants",
  "/admin/users",
  "/admin/publish-requests",
  "/admin/identity",
];

describe("side navigation section", () => {
  it("marks Environments on a tenant's page, not Dashboard", () => {
    expect(activeHref("/tenants/ckabc", NAV)).toBe("/environments");
    expect(activeHref("/tenants/ckabc/members", NAV)).toBe("/environments");
  });
  it("marks Dashboard on the dashboard only", () => {
    expect(activeHref("/", NAV)).toBe("/");
    expect(activeHref("/usage", NAV)).toBeNull();
  });
  it("marks the section of nested pages (environments, apps and their services and containers)", () => {
    expect(activeHref("/environments/e1", NAV)).toBe("/environments");
    expect(activeHref("/environments/e1/apps/new", NAV)).toBe("/environments");
    expect(activeHref("/apps/a1/upgrade", NAV)).toBe("/apps");
    expect(activeHref("/services/s1/logs", NAV)).toBe("/apps");
    expect(activeHref("/containers/c1", NAV)).toBe("/apps");
    expect(sectionOf("/containers/c1")).toBe("/apps");
  });
  it("takes the longest match and never a prefix that is not a path segment", () => {
    expect(activeHref("/settings/tokens", NAV)).toBe("/settings/tokens");
    expect(activeHref("/admin/users", [...NAV, "/admin"])).toBe("/admin/users");
    expect(activeHref("/apps-archive", NAV)).toBeNull();
  });
});
