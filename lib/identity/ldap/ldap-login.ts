// Password sign-in against each enabled LDAP/AD provider (issue 14). Filled in by ldap-provider.ts.
import { db } from "@/lib/db";
import type { DirectoryOutcome } from "../directory-port";

export async function ldapLogin(login: string, password: string): Promise<DirectoryOutcome[]> {
  const providers = await db.identityProvider.findMany({ where: { kind: "ldap", enabled: true }, orderBy: { createdAt: "asc" } });
  if (providers.length === 0) return [];
  void login;
  void password;
  return providers.map((p) => ({ status: "down" as const, providerId: p.id, providerName: p.name }));
}
