import { describe, expect, it } from "vitest";
import { escapeFilterValue, fillFilter, ldapSettingsSchema } from "@/lib/identity/ldap/ldap-settings";
import { desiredAccess } from "@/lib/identity/mappings";

describe("LDAP filters", () => {
  it("escapes every special character of RFC 4515", () => {
    expect(escapeFilterValue("*)(uid=*))(|(uid=*")).toBe("\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a");
    expect(escapeFilterValue("a\\b\0c")).toBe("a\\5cb\\00c");
  });
  it("fills a template with escaped values only", () => {
    const f = fillFilter("(&(objectClass=inetOrgPerson)(uid={username}))", { username: "*)(uid=*))(|(uid=*" });
    expect(f).toBe("(&(objectClass=inetOrgPerson)(uid=\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a))");
    // Balanced: the value cannot open or close a filter component.
    expect((f.match(/(?<!\\)\(/g) ?? []).length).toBe((f.match(/(?<!\\)\)/g) ?? []).length);
    expect(fillFilter("(member={dn})", { dn: "cn=a\\,b,dc=x" })).toBe("(member=cn=a\\5c,b,dc=x)");
  });
  it("defaults the settings for OpenLDAP and refuses a non-LDAP URL", () => {
    const s = ldapSettingsSchema.parse({ url: "ldaps://dc1.corp.example:636", bindDn: "cn=r", userBase: "dc=corp" });
    expect(s).toMatchObject({ idAttribute: "entryUUID", usernameAttribute: "uid", nestedGroups: true });
    expect(ldapSettingsSchema.safeParse({ url: "http://x", bindDn: "", userBase: "x" }).success).toBe(false);
  });
});

describe("group mappings", () => {
  const maps = [
    { group: "cn=Developers,ou=groups,dc=x", tenantId: "t1", role: "member", platformAdmin: false },
    { group: "leads", tenantId: "t1", role: "owner", platformAdmin: false },
    { group: "qa", tenantId: "t2", role: "viewer", platformAdmin: false },
    { group: "admins", tenantId: null, role: null, platformAdmin: true },
  ];
  it("grants the strongest role per tenant, matching DN or name case-insensitively", () => {
    const a = desiredAccess(maps, [{ dn: "CN=developers,OU=groups,DC=x", name: "developers" }, { name: "Leads" }]);
    expect([...a.roles]).toEqual([["t1", "owner"]]);
    expect(a.platformAdmin).toBe(false);
  });
  it("grants platform admin and nothing for unknown groups", () => {
    expect(desiredAccess(maps, [{ name: "admins" }]).platformAdmin).toBe(true);
    expect(desiredAccess(maps, [{ name: "other" }]).roles.size).toBe(0);
    expect(desiredAccess(maps, []).roles.size).toBe(0);
  });
});
