// Directory sync (issue 14): every syncIntervalMinutes (default 15) and on demand, each enabled LDAP
// provider's linked users are looked up by their stable id; a user gone from the directory or
// disabled there is disabled here (browser sessions end, API tokens stop working), and the group
// mappings are applied again (a removed group membership removes the tenant membership, T5).
import type { IdentityProvider } from "@prisma/client";
import { db } from "@/lib/db";
import { appError, notFound } from "@/lib/errors";
import { authorize, SYSTEM_ACTOR, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { id, parseInput } from "@/lib/validation";
import { applyGroupMappings } from "./mappings";
import { readIdentitySettings } from "./settings";
import { directoryFor } from "./ldap/ldap-login";
import { DirectoryBindFailed } from "./ldap/ldap-directory";

export interface SyncResult {
  providerId: string;
  ok: boolean;
  users: number;
  changed: number;
  disabled: number;
  message: string;
  at: string;
}

async function disableUser(userId: string, actor: Actor, providerId: string, why: string) {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { disabled: true, sessionVersion: { increment: 1 } } });
    await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actor, action: "identity.user.disable", targetType: "user", targetId: userId, details: { providerId, reason: why } });
  });
  announceAccessChange(userId);
}

export async function syncProvider(p: IdentityProvider, actor: Actor = SYSTEM_ACTOR): Promise<SyncResult> {
  const at = new Date();
  const result: SyncResult = { providerId: p.id, ok: true, users: 0, changed: 0, disabled: 0, message: "", at: at.toISOString() };
  if (p.kind !== "ldap") {
    result.message = "OIDC providers are applied at each sign-in (no directory to read).";
  } else {
    const dir = directoryFor(p);
    try {
      await dir.open();
      const links = await db.userIdentity.findMany({ where: { providerId: p.id }, include: { user: true } });
      for (const link of links) {
        result.users++;
        const du = await dir.findById(link.externalId);
        const gone = !du || (await dir.isDisabled(du));
        // Only accounts the directory owns (no local password) are disabled by it.
        if (gone) {
          if (!link.user.disabled && !link.user.passwordHash.startsWith("$2")) {
            await disableUser(link.userId, actor, p.id, du ? "disabled in the directory" : "not found in the directory");
            result.disabled++;
          }
          const r = await applyGroupMappings(p.id, link.user, [], actor);
          if (r.changed) result.changed++;
          continue;
        }
        const r = await applyGroupMappings(p.id, link.user, await dir.groupsOf(du), actor);
        if (r.changed) result.changed++;
      }
      result.message = `Synced ${result.users} users: ${result.changed} changed, ${result.disabled} disabled.`;
    } catch (e) {
      result.ok = false;
      result.message = e instanceof DirectoryBindFailed ? e.message : `The directory could not be read: ${(e as Error).message}`;
    } finally {
      await dir.close();
    }
  }
  await db.identityProvider.update({ where: { id: p.id }, data: { lastSyncAt: at, lastSyncResult: JSON.stringify(result) } });
  await recordAudit(db, {
    actor,
    action: "identity.sync",
    targetType: "identity-provider",
    targetId: p.id,
    result: result.ok ? "ok" : "error",
    details: { users: result.users, changed: result.changed, disabled: result.disabled, message: result.message },
  });
  return result;
}

/** POST /identity-providers/{id}/sync */
export async function syncIdentityProvider({ actor, providerId }: { actor: Actor; providerId: unknown }): Promise<SyncResult> {
  authorize(actor, "identity.manage");
  const p = await db.identityProvider.findUnique({ where: { id: parseInput(id, providerId) } });
  if (!p) throw notFound("Identity provider");
  if (!p.enabled) throw appError("CONFLICT", "identityErrors.providerDisabled", undefined, "The provider is disabled; enable it to sync.");
  return syncProvider(p, actor);
}

/** The periodic sync, in every portal process: a provider is synced by the process that claims it
 * (a conditional update of lastSyncAt), so several processes never sync the same one twice. */
export function startIdentitySync(): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    let minutes = 15;
    try {
      minutes = (await readIdentitySettings()).syncIntervalMinutes;
      const due = await db.identityProvider.findMany({ where: { kind: "ldap", enabled: true } });
      for (const p of due) {
        if (stopped) break;
        const due = new Date(Date.now() - minutes * 60_000 + 5000);
        const claim = await db.identityProvider.updateMany({
          where: { id: p.id, OR: [{ lastSyncAt: null }, { lastSyncAt: { lt: due } }] },
          data: { lastSyncAt: new Date() },
        });
        if (claim.count !== 1) continue;
        await syncProvider(p).catch((e) => console.warn(`[identity] sync of "${p.name}" failed: ${(e as Error).message}`));
      }
    } catch (e) {
      console.warn(`[identity] sync: ${(e as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => void tick(), Math.min(minutes * 60_000, 60_000)).unref();
  };
  timer = setTimeout(() => void tick(), 5000).unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
