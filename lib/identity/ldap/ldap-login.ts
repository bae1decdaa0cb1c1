// Password sign-in against each enabled LDAP/AD provider (issue 14): find the user with the
// escaped login, bind as them, refuse directory-disabled accounts, link by the stable id, apply the
// group mappings. A directory that cannot be reached answers "down" (a clear message), never "no".
import type { IdentityProvider } from "@prisma/client";
import { db } from "@/lib/db";
import type { DirectoryOutcome } from "../directory-port";
import { applyGroupMappings, linkExternalUser } from "../mappings";
import { parseProviderSettings, providerSecret } from "../providers";
import { DirectoryBindFailed, LdapDirectory } from "./ldap-directory";
import type { LdapSettings } from "./ldap-settings";

export function directoryFor(p: IdentityProvider): LdapDirectory {
  return new LdapDirectory(parseProviderSettings(p) as LdapSettings, providerSecret(p));
}

async function loginWith(p: IdentityProvider, login: string, password: string): Promise<DirectoryOutcome> {
  const dir = directoryFor(p);
  try {
    await dir.open();
  } catch (e) {
    console.warn(`[identity] directory "${p.name}" unavailable: ${e instanceof DirectoryBindFailed ? "service bind refused" : (e as Error).message}`);
    return { status: "down", providerId: p.id, providerName: p.name };
  }
  try {
    let du = await dir.findByLogin(login);
    if (!du && login.includes("@")) {
      // The portal email of an account already linked to this directory: found by its stable id.
      const link = await db.userIdentity.findFirst({ where: { providerId: p.id, user: { email: login } } });
      if (link) du = await dir.findById(link.externalId);
    }
    if (!du || !(await dir.checkPassword(du, password))) return { status: "no" };
    if (await dir.isDisabled(du)) return { status: "refused", reason: "disabled", providerId: p.id };
    const linked = await linkExternalUser(p.id, du);
    if (linked.status !== "ok") return { status: "refused", reason: linked.reason, providerId: p.id };
    let user = linked.user;
    if (user.disabled) user = await db.user.update({ where: { id: user.id }, data: { disabled: false } });
    await applyGroupMappings(p.id, user, await dir.groupsOf(du));
    return { status: "ok", user: (await db.user.findUnique({ where: { id: user.id } }))!, providerId: p.id };
  } catch (e) {
    console.warn(`[identity] directory "${p.name}" error during sign-in: ${(e as Error).message}`);
    return { status: "down", providerId: p.id, providerName: p.name };
  } finally {
    await dir.close();
  }
}

export async function ldapLogin(login: string, password: string): Promise<DirectoryOutcome[]> {
  if (!login || !password || login.length > 200) return [];
  const providers = await db.identityProvider.findMany({ where: { kind: "ldap", enabled: true }, orderBy: { createdAt: "asc" } });
  const out: DirectoryOutcome[] = [];
  for (const p of providers) {
    const o = await loginWith(p, login, password);
    out.push(o);
    if (o.status === "ok" || o.status === "refused") break;
  }
  return out;
}
