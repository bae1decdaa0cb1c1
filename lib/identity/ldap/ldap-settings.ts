// LDAP / Active Directory provider settings (issue 14). Non-secret fields only: the bind password is
// the provider's sealed `secret`, write-only.
import { z } from "@/lib/validation";

export const ldapSettingsSchema = z
  .object({
    /** ldap://host:389 (with startTls) or ldaps://host:636. */
    url: z
      .string()
      .trim()
      .regex(/^ldaps?:\/\/[^\s/]+(:\d+)?\/?$/, "An LDAP URL: ldap://host:389 or ldaps://host:636")
      .max(300),
    startTls: z.boolean().default(false),
    /** PEM of the CA that signed the directory's certificate (a private CA); empty: the system CAs. */
    caCert: z.string().max(20_000).default(""),
    /** The service account that searches the directory. */
    bindDn: z.string().trim().max(500),
    userBase: z.string().trim().min(1).max(500),
    /** {username} is replaced by the escaped login (RFC 4515). */
    userFilter: z.string().trim().max(1000).default("(&(objectClass=inetOrgPerson)(uid={username}))"),
    usernameAttribute: z.string().trim().max(100).default("uid"),
    emailAttribute: z.string().trim().max(100).default("mail"),
    nameAttribute: z.string().trim().max(100).default("cn"),
    /** The stable id: entryUUID (OpenLDAP), objectGUID (AD). Never the email. */
    idAttribute: z.string().trim().max(100).default("entryUUID"),
    /** Users matching this filter are disabled, e.g. (userAccountControl:1.2.840.113556.1.4.803:=2) on AD. */
    disabledFilter: z.string().trim().max(1000).default(""),
    groupBase: z.string().trim().max(500).default(""),
    /** {dn} is the user's (or, for nesting, a group's) escaped DN; {username} the escaped login. */
    groupFilter: z.string().trim().max(1000).default("(|(member={dn})(uniqueMember={dn}))"),
    groupNameAttribute: z.string().trim().max(100).default("cn"),
    /** Follow groups that are members of groups (AD: or use the 1.2.840.113556.1.4.1941 rule in groupFilter). */
    nestedGroups: z.boolean().default(true),
    timeoutMs: z.number().int().min(500).max(60_000).default(5000),
  })
  .strict();

export type LdapSettings = z.infer<typeof ldapSettingsSchema>;

/** RFC 4515 escaping of a value placed in a search filter. */
export function escapeFilterValue(v: string): string {
  return v.replace(/[\\*()\0]/g, (c) => "\\" + c.charCodeAt(0).toString(16).padStart(2, "0"));
}

/** Fills a filter template; every value is escaped. */
export function fillFilter(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? escapeFilterValue(values[k]) : m));
}
