// Registry notifications → the portal's image index. Idempotent: a redelivered event upserts the
// same (repository, tag) row to the same digest. Market rows are written only by approvals (T21),
// so notifications about market/ are ignored here.
import { db } from "@/lib/db";
import { appError } from "@/lib/errors";
import { parseRepository, isValidDigest, isValidTag } from "./names";
import { MANIFEST_TYPES, getManifest, imageSize } from "./registry-client";

interface RegistryEvent {
  action?: string;
  target?: { mediaType?: string; repository?: string; tag?: string; digest?: string; size?: number; length?: number };
  actor?: { name?: string };
}

/** A change of the index a notification made (what replication copies or deletes elsewhere). */
export interface RegistryChange {
  action: "push" | "delete";
  repository: string;
  tag?: string;
  digest: string;
}

async function recordPush(e: RegistryEvent): Promise<boolean> {
  const t = e.target!;
  const repo = parseRepository(t.repository ?? "");
  if (!repo || repo.scope === "market" || !t.tag || !isValidTag(t.tag) || !t.digest || !isValidDigest(t.digest)) return false;
  if (t.mediaType && !MANIFEST_TYPES.includes(t.mediaType)) return false;
  let tenantId: string | null = null;
  let ownerId: string | null = null;
  if (repo.scope === "tenant") {
    const tenant = await db.tenant.findUnique({ where: { slug: repo.owner! } });
    if (!tenant) return false;
    tenantId = tenant.id;
  } else if (repo.scope === "personal") {
    const user = await db.user.findUnique({ where: { id: repo.owner! } });
    if (!user) return false;
    ownerId = user.id;
  }
  const pusher = e.actor?.name ? await db.user.findUnique({ where: { id: e.actor.name }, select: { id: true } }) : null;
  const m = await getManifest(repo.repository, t.digest).catch(() => null);
  const sizeBytes = BigInt(m ? await imageSize(repo.repository, m).catch(() => 0) : (t.size ?? t.length ?? 0));
  const data = { scope: repo.scope, tenantId, ownerId, digest: t.digest, sizeBytes, ...(pusher ? { pushedById: pusher.id } : {}) };
  await db.image.upsert({
    where: { repository_tag: { repository: repo.repository, tag: t.tag } },
    create: { repository: repo.repository, tag: t.tag, ...data },
    update: data,
  });
  return true;
}

async function recordDelete(e: RegistryEvent): Promise<boolean> {
  const t = e.target!;
  if (!t.repository || !t.digest || !parseRepository(t.repository)) return false;
  const r = await db.image.deleteMany({ where: { repository: t.repository, digest: t.digest } });
  return r.count > 0;
}

/** Applies one notification envelope; the caller has checked the shared secret. `changes` are the
 * events that changed the index, in order (lib/replication queues their copies). */
export async function recordRegistryEvents(envelope: unknown): Promise<{ recorded: number; changes: RegistryChange[] }> {
  const events = (envelope as { events?: unknown })?.events;
  if (!Array.isArray(events)) throw appError("VALIDATION", "registryErrors.notAnEnvelope", undefined, "Expected a registry notification envelope.");
  const changes: RegistryChange[] = [];
  for (const raw of events.slice(0, 100) as RegistryEvent[]) {
    if (!raw?.target) continue;
    const t = raw.target;
    if (raw.action === "push" && (await recordPush(raw))) changes.push({ action: "push", repository: t.repository!, tag: t.tag!, digest: t.digest! });
    else if (raw.action === "delete" && (await recordDelete(raw))) changes.push({ action: "delete", repository: t.repository!, digest: t.digest! });
  }
  return { recorded: changes.length, changes };
}
