// Replication between regions (issue 17): what gets queued, and the rounds that copy it.
//
// Every image reaches the portal through the default region's registry (its notifications, the
// approvals, the imports), so the default region is the source and every other region a target:
// official and market repositories go to every region; a tenant's repositories to the regions where
// that tenant has environments; personal ones stay where they were pushed. A push queues one
// ReplicationTask per target (copy of the tag, by digest), a delete one per target (delete by
// digest). The replication loop — one process, by election (server.ts) — claims due rows with a
// compare-and-set, copies with lib/replication/copy-image (blobs, children, then the tag; nothing
// written twice), and records the result; a failure is retried with exponential backoff until
// MAX_ATTEMPTS, then waits for an admin's retry. A periodic comparison queues what events missed
// (the tag is absent or at another digest in a target).
import type { Db } from "@/lib/db";
import { appError, storedText, toAppError, type StoredText } from "@/lib/errors";
import { parseRepository } from "@/lib/registry/names";
import { copyImage, deleteManifest, headManifest } from "./copy-image";
import { isDigest } from "./media-types";
import type { RegistryApi, RegistryDeps } from "./registry-api";
import { REGION_REGISTRY_SELECT, type RegionRegistryRow } from "./region-registry";
import type { Clock, RetryPolicy } from "./retry";

export const MAX_ATTEMPTS = 12;

export type ReplicationCause = "push" | "delete" | "approval" | "compare" | "retry" | "deploy";

export interface ReplicationQueueDeps {
  db: Db;
  clock: Clock;
  random: () => number;
  /** The registry client of a region (region-registry.ts in the portal). */
  registryFor: (region: RegionRegistryRow, deps: RegistryDeps) => RegistryApi;
  fetch: typeof fetch;
  /** First retry delay after a failure; doubles per attempt up to `backoffCapMs`. */
  backoffMs: number;
  backoffCapMs: number;
  /** Retries inside one attempt (a registry that blinks); kept short so a failure shows soon. */
  stepRetry: RetryPolicy;
  /** Rows a round claims. */
  batch: number;
  /** Starts the copy loop's next round now (this process's loop, when it holds the role). */
  wake?: () => void;
}

/** The delay before attempt `attempts + 1`, after `attempts` failures (≥ 1), with ±20 % jitter. */
export function replicationBackoff(attempts: number, baseMs: number, capMs: number, random: () => number): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

async function defaultRegion(db: Db) {
  return db.region.findFirst({ where: { isDefault: true }, select: { id: true } });
}

/** The regions other than the source that should hold `repository`. */
export async function replicationTargets(db: Db, repository: string, sourceRegionId: string): Promise<string[]> {
  const repo = parseRepository(repository);
  if (!repo || repo.scope === "personal") return [];
  if (repo.scope === "official" || repo.scope === "market") {
    const rows = await db.region.findMany({ where: { id: { not: sourceRegionId } }, select: { id: true } });
    return rows.map((r) => r.id);
  }
  const rows = await db.environment.findMany({
    where: { tenant: { slug: repo.owner! }, regionId: { not: sourceRegionId } },
    select: { regionId: true },
    distinct: ["regionId"],
  });
  return rows.map((r) => r.regionId);
}

export interface ReplicationEvent {
  repository: string;
  action: "copy" | "delete";
  /** The tag copied (copy); deletes are by digest. */
  tag?: string;
  digest: string;
  cause: ReplicationCause;
  /** Only these targets (the comparison); default: every target of the repository. */
  targets?: string[];
}

/** Queues the event for every target region; a row already there for the same reference is moved back
 * to `queued` (new digest, attempts from zero). Answers the number of rows queued. */
export async function enqueueReplication(db: Db, e: ReplicationEvent, now = new Date()): Promise<number> {
  const source = await defaultRegion(db);
  if (!source) return 0;
  const targets = e.targets ?? (await replicationTargets(db, e.repository, source.id));
  const reference = e.action === "copy" ? e.tag! : e.digest;
  for (const targetRegionId of targets) {
    const data = {
      digest: e.digest,
      status: "queued",
      attempts: 0,
      nextAttemptAt: now,
      queuedAt: now,
      lastError: null,
      cause: e.cause,
      sourceRegionId: source.id,
      finishedAt: null,
    };
    await db.replicationTask.upsert({
      where: { repository_reference_targetRegionId_action: { repository: e.repository, reference, targetRegionId, action: e.action } },
      create: { repository: e.repository, reference, action: e.action, targetRegionId, ...data },
      update: data,
    });
  }
  return targets.length;
}

/** A copy's or a sync's failure as a stored text (shown in the reader's language). */
export function errorText(e: unknown): StoredText {
  // An AppError already names its catalog message (checked where it is thrown, error-catalog test).
  const a = toAppError(e);
  if (a.i18n) return { message: a.message, messageKey: a.i18n.key, ...(a.i18n.params ? { messageParams: a.i18n.params } : {}) };
  return storedText("replication.copyFailed", undefined, a.message);
}

type TaskRow = Awaited<ReturnType<Db["replicationTask"]["findFirstOrThrow"]>>;

async function runTask(deps: ReplicationQueueDeps, t: TaskRow, regions: Map<string, RegionRegistryRow>): Promise<void> {
  const { db } = deps;
  const source = regions.get(t.sourceRegionId);
  const target = regions.get(t.targetRegionId);
  const regDeps: RegistryDeps = { fetch: deps.fetch, clock: deps.clock };
  try {
    if (!source || !target) throw appError("NOT_FOUND", "replication.regionGone", undefined, "The source or target region no longer exists.");
    const to = deps.registryFor(target, regDeps);
    let report: object;
    if (t.action === "delete") {
      report = { status: await deleteManifest(to, t.repository, t.digest, { clock: deps.clock, random: deps.random, retry: deps.stepRetry }) };
    } else {
      const from = deps.registryFor(source, regDeps);
      // By the digest the event named: a tag moved meanwhile is another event (another row update).
      report = await copyImage(
        { api: from, repository: t.repository, reference: t.digest },
        // a deploy by digest copies the digest only (no tag)
        { api: to, repository: t.repository, ...(isDigest(t.reference) ? {} : { tag: t.reference }) },
        { clock: deps.clock, random: deps.random, retry: deps.stepRetry },
      );
    }
    const finishedAt = new Date(deps.clock.now());
    // Only the claim this round made: an event that re-queued the row meanwhile keeps it queued.
    await db.replicationTask.updateMany({
      where: { id: t.id, status: "copying", digest: t.digest, queuedAt: t.queuedAt },
      data: { status: "done", lastError: null, report: JSON.stringify(report), finishedAt, lagMs: finishedAt.getTime() - t.queuedAt.getTime() },
    });
  } catch (e) {
    const attempts = t.attempts + 1;
    const delay = replicationBackoff(attempts, deps.backoffMs, deps.backoffCapMs, deps.random);
    await db.replicationTask.updateMany({
      where: { id: t.id, status: "copying", digest: t.digest, queuedAt: t.queuedAt },
      data: { status: "failed", attempts, lastError: JSON.stringify(errorText(e)), nextAttemptAt: new Date(deps.clock.now() + delay) },
    });
  }
}

/** One round: claims up to `batch` due rows and runs them one after another. Answers how many ran. */
export async function runReplicationRound(deps: ReplicationQueueDeps): Promise<number> {
  const { db } = deps;
  const now = new Date(deps.clock.now());
  const due = await db.replicationTask.findMany({
    where: { status: { in: ["queued", "failed"] }, nextAttemptAt: { lte: now }, attempts: { lt: MAX_ATTEMPTS } },
    orderBy: { nextAttemptAt: "asc" },
    take: deps.batch,
  });
  if (due.length === 0) return 0;
  const regions = new Map((await db.region.findMany({ select: REGION_REGISTRY_SELECT })).map((r) => [r.id, r]));
  let ran = 0;
  for (const t of due) {
    // Compare-and-set: the row as read (status, attempts, queuedAt) becomes ours, or someone changed it.
    const claim = await db.replicationTask.updateMany({
      where: { id: t.id, status: t.status, attempts: t.attempts, queuedAt: t.queuedAt },
      data: { status: "copying" },
    });
    if (claim.count === 0) continue;
    await runTask(deps, t, regions);
    ran++;
  }
  return ran;
}

/** Rows a process left `copying` when it died: queued again (the copy is idempotent). */
export async function requeueInterrupted(db: Db): Promise<number> {
  const r = await db.replicationTask.updateMany({ where: { status: "copying" }, data: { status: "queued" } });
  return r.count;
}

/**
 * The periodic comparison: every tagged image of the portal's index against every region that should
 * hold it; a tag absent or at another digest there (and not already queued) is queued. Answers the
 * number queued.
 */
export async function compareRegions(deps: ReplicationQueueDeps): Promise<number> {
  const { db } = deps;
  const source = await defaultRegion(db);
  if (!source) return 0;
  const regions = await db.region.findMany({ where: { id: { not: source.id } }, select: REGION_REGISTRY_SELECT });
  if (regions.length === 0) return 0;
  const images = await db.image.findMany({ select: { repository: true, tag: true, digest: true }, orderBy: [{ repository: "asc" }, { tag: "asc" }] });
  const pending = await db.replicationTask.findMany({
    where: { action: "copy", status: { in: ["queued", "copying", "failed"] } },
    select: { repository: true, reference: true, targetRegionId: true, digest: true },
  });
  const isPending = new Set(pending.map((p) => `${p.repository}\n${p.reference}\n${p.targetRegionId}\n${p.digest}`));
  const targetsOf = new Map<string, string[]>();
  const apis = new Map(regions.map((r) => [r.id, deps.registryFor(r, { fetch: deps.fetch, clock: deps.clock })]));
  // A region that does not answer is skipped for the rest of the round (its queued rows show why).
  const down = new Set<string>();
  let queued = 0;
  for (const img of images) {
    let targets = targetsOf.get(img.repository);
    if (!targets) targetsOf.set(img.repository, (targets = await replicationTargets(db, img.repository, source.id)));
    const missing: string[] = [];
    for (const region of regions) {
      if (down.has(region.id) || !targets.includes(region.id) || isPending.has(`${img.repository}\n${img.tag}\n${region.id}\n${img.digest}`)) continue;
      let there: string | null;
      try {
        there = await headManifest(apis.get(region.id)!, img.repository, img.tag);
      } catch {
        down.add(region.id);
        continue;
      }
      if (there !== img.digest) missing.push(region.id);
    }
    if (missing.length)
      queued += await enqueueReplication(db, {
        repository: img.repository,
        action: "copy",
        tag: img.tag,
        digest: img.digest,
        cause: "compare",
        targets: missing,
      });
  }
  return queued;
}
