// The replication use-cases the transports call: the registry's notifications (recorded in the image
// index, then queued for the other regions), the admins' queue (list, retry, compare now), and the
// loop the elected process runs (server.ts).
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { appError, notFound, type StoredText } from "@/lib/errors";
import { startPeriodicLoop, type PeriodicLoop } from "@/lib/periodic";
import { authorize, type Actor } from "@/lib/policy";
import { REGION_REF_SELECT, type RegionRef } from "@/lib/regions";
import { recordRegistryEvents } from "@/lib/registry";
import { id, parseInput, z } from "@/lib/validation";
import { compareRegions, enqueueReplication, MAX_ATTEMPTS, requeueInterrupted, runReplicationRound, type ReplicationQueueDeps } from "./queue";
import { ensureRegionImages, regionPullFor, regionRegistryAuth } from "./region-pull";
import { regionRegistryApi } from "./region-registry";
import { queueDueUpstreamSyncs } from "./upstreams";
import { systemClock } from "./retry";

const envMs = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

export function replicationDeps(): ReplicationQueueDeps {
  return {
    db,
    clock: systemClock,
    random: Math.random,
    registryFor: regionRegistryApi,
    fetch: globalThis.fetch,
    backoffMs: envMs("CAAS_REPLICATION_BACKOFF_MS", 2000),
    backoffCapMs: envMs("CAAS_REPLICATION_BACKOFF_CAP_MS", 300_000),
    stepRetry: { attempts: 2, baseMs: 500, capMs: 2000, factor: 2 },
    batch: 8,
    wake: () => wakeLoop?.(),
  };
}

/** Registry notifications: recorded in the image index, then each change queued for the other regions. */
export async function receiveRegistryEvents(envelope: unknown): Promise<{ recorded: number; queued: number }> {
  const { recorded, changes } = await recordRegistryEvents(envelope);
  let queuedCount = 0;
  for (const c of changes)
    queuedCount += await enqueueReplication(
      db,
      c.action === "push"
        ? { repository: c.repository, action: "copy", tag: c.tag, digest: c.digest, cause: "push" }
        : { repository: c.repository, action: "delete", digest: c.digest, cause: "delete" },
    );
  return { recorded, queued: queued(queuedCount) };
}

/** An image deleted through the portal, deleted by digest in the other regions (lib/images delete-image). */
export async function queueImageDelete(repository: string, digest: string): Promise<number> {
  return queued(await enqueueReplication(db, { repository, action: "delete", digest, cause: "delete" }));
}

/** An approved publication's market tag, queued for every other region (lib/images decide-publish). */
export async function queueMarketCopy(repository: string, tag: string, digest: string): Promise<number> {
  return queued(await enqueueReplication(db, { repository, action: "copy", tag, digest, cause: "approval" }));
}

export interface ReplicationTaskDto {
  id: string;
  repository: string;
  /** The tag (copy) or the digest (delete). */
  reference: string;
  action: "copy" | "delete";
  digest: string;
  source: RegionRef;
  target: RegionRef;
  status: "queued" | "copying" | "done" | "failed";
  attempts: number;
  maxAttempts: number;
  /** Failed rows: when the next attempt is due (none once `attempts` reached `maxAttempts`). */
  nextAttemptAt: string | null;
  error: StoredText | null;
  cause: string;
  /** The last success: from the event to the copy in the target, in ms. */
  lagMs: number | null;
  queuedAt: string;
  finishedAt: string | null;
  updatedAt: string;
}

const TASK_INCLUDE = { sourceRegion: { select: REGION_REF_SELECT }, targetRegion: { select: REGION_REF_SELECT } } as const;

type TaskWithRegions = Awaited<ReturnType<typeof db.replicationTask.findFirstOrThrow<{ include: typeof TASK_INCLUDE }>>>;

export function parseStoredError(json: string | null): StoredText | null {
  if (!json) return null;
  try {
    const t = JSON.parse(json) as Partial<StoredText>;
    if (typeof t.message === "string")
      return { message: t.message, ...(t.messageKey ? { messageKey: t.messageKey } : {}), ...(t.messageParams ? { messageParams: t.messageParams } : {}) };
  } catch {
    /* not JSON: the text itself */
  }
  return { message: json };
}

function toTaskDto(t: TaskWithRegions): ReplicationTaskDto {
  const error = parseStoredError(t.lastError);
  return {
    id: t.id,
    repository: t.repository,
    reference: t.reference,
    action: t.action as ReplicationTaskDto["action"],
    digest: t.digest,
    source: t.sourceRegion,
    target: t.targetRegion,
    status: t.status as ReplicationTaskDto["status"],
    attempts: t.attempts,
    maxAttempts: MAX_ATTEMPTS,
    nextAttemptAt: t.status === "failed" && t.attempts < MAX_ATTEMPTS ? t.nextAttemptAt.toISOString() : null,
    error,
    cause: t.cause,
    lagMs: t.lagMs,
    queuedAt: t.queuedAt.toISOString(),
    finishedAt: t.finishedAt?.toISOString() ?? null,
    updatedAt: t.updatedAt.toISOString(),
  };
}

const STATUSES = ["queued", "copying", "done", "failed"] as const;
const listQuery = z
  .object({
    status: z.enum(STATUSES).optional(),
    regionId: id.optional(),
    repository: z.string().trim().min(1).max(255).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();

/** GET /api/v1/replication/tasks: the queue, newest first, with counts per status (admins). */
export async function listReplicationTasks({ actor, query }: { actor: Actor; query?: unknown }) {
  authorize(actor, "replication.manage");
  const q = parseInput(listQuery, query ?? {});
  const where = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.regionId ? { targetRegionId: q.regionId } : {}),
    ...(q.repository ? { repository: q.repository } : {}),
  };
  const [rows, groups] = await Promise.all([
    db.replicationTask.findMany({ where, include: TASK_INCLUDE, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], take: q.limit }),
    db.replicationTask.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, groups.find((g) => g.status === s)?._count._all ?? 0]));
  return { items: rows.map(toTaskDto), counts };
}

/** POST /api/v1/replication/tasks/{id}/retry: a failed (or finished) row runs again now (admins). */
export async function retryReplicationTask({ actor, taskId }: { actor: Actor; taskId: unknown }): Promise<ReplicationTaskDto> {
  authorize(actor, "replication.manage");
  const tid = parseInput(id, taskId);
  const row = await db.replicationTask.findUnique({ where: { id: tid } });
  if (!row) throw notFound("Object");
  if (row.status === "queued" || row.status === "copying")
    throw appError("CONFLICT", "replication.alreadyQueued", undefined, "This copy is already queued or running.");
  const now = new Date();
  const done = await db.replicationTask.updateMany({
    where: { id: tid, status: row.status, updatedAt: row.updatedAt },
    data: { status: "queued", attempts: 0, nextAttemptAt: now, queuedAt: now, cause: "retry", lastError: null },
  });
  if (done.count === 0) throw appError("CONFLICT", "replication.changedMeanwhile", undefined, "This copy changed meanwhile; reload and try again.");
  queued(1);
  await recordAudit(db, {
    actor,
    action: "replication.retry",
    targetType: "replication-task",
    targetId: tid,
    details: { repository: row.repository, reference: row.reference, action: row.action },
  });
  return toTaskDto(await db.replicationTask.findUniqueOrThrow({ where: { id: tid }, include: TASK_INCLUDE }));
}

/** POST /api/v1/replication/compare: the periodic comparison, now (admins). Answers how many were queued. */
export async function compareReplicationNow({ actor }: { actor: Actor }): Promise<{ queued: number }> {
  authorize(actor, "replication.manage");
  const n = queued(await compareRegions(replicationDeps()));
  await recordAudit(db, { actor, action: "replication.compare", targetType: "replication", targetId: null, details: { queued: n } });
  return { queued: n };
}

/**
 * How a deploy's hosts pull the portal's images (lib/apps apply-revision, deploy-engine preflight):
 * null = as written; else the images on the environment's region registry, each one there (copied
 * and waited for when it is not) and the deploy credential for that registry.
 */
export async function deployPullFor(
  environmentId: string,
  tenantId: string,
  images: readonly string[],
): Promise<{ images: Record<string, string>; registryAuth: string | undefined } | null> {
  const pull = await regionPullFor(db, environmentId, images);
  if (!pull) return null;
  await ensureRegionImages(replicationDeps(), pull, { timeoutMs: envMs("CAAS_REPLICATION_DEPLOY_WAIT_MS", 300_000), pollMs: 500 });
  return { images: pull.images, registryAuth: await regionRegistryAuth(db, tenantId, pull) };
}

/** The elected process's loops: due copies every `CAAS_REPLICATION_POLL_MS` (1 s), and apart from them
 * (a slow region never delays the copies) the comparison every `CAAS_REPLICATION_COMPARE_MS` (5 min,
 * the first a minute after taking the lead). */
export function startReplicationLoop(deps: ReplicationQueueDeps = replicationDeps()): PeriodicLoop {
  const pollMs = envMs("CAAS_REPLICATION_POLL_MS", 1000);
  const compareMs = envMs("CAAS_REPLICATION_COMPARE_MS", 300_000);
  let requeued = false;
  const copies = startPeriodicLoop({ name: "[replication]", intervalMs: pollMs, firstDelayMs: pollMs, minGapMs: 200 }, async () => {
    if (!requeued) {
      // Rows the previous leader left running are ours now (copies are idempotent).
      const n = await requeueInterrupted(deps.db);
      if (n) console.log(`[replication] ${n} interrupted cop${n === 1 ? "y" : "ies"} queued again`);
      requeued = true;
    }
    while ((await runReplicationRound(deps)) === deps.batch) {
      /* a full batch: more may be due */
    }
    // the upstream hub's schedule (a sync is a job: any process's worker runs it)
    await queueDueUpstreamSyncs();
  });
  const comparison = startPeriodicLoop(
    { name: "[replication] comparison", intervalMs: compareMs, firstDelayMs: Math.min(60_000, compareMs), minGapMs: 10_000 },
    async () => {
      const queued = await compareRegions(deps);
      if (queued) console.log(`[replication] the comparison queued ${queued} cop${queued === 1 ? "y" : "ies"}`);
    },
  );
  wakeLoop = copies.wake;
  return {
    async stop() {
      if (wakeLoop === copies.wake) wakeLoop = null;
      await Promise.all([copies.stop(), comparison.stop()]);
    },
  };
}

// This process's copy loop when it holds the role: a copy queued here starts at once instead of at
// the next poll (another process's queue is seen at its next poll).
let wakeLoop: (() => void) | null = null;
function queued(n: number): number {
  if (n > 0) wakeLoop?.();
  return n;
}
