// The upstream hub ("Pub Hub", issue 17 item 4): platform admins register upstream registries (a
// Distribution/OCI registry URL with optional credentials) and the repositories to take from each,
// with tag patterns, into the official scope of the default region's registry. A sync is a job
// (`upstream.sync`, on demand or on the upstream's schedule): per repository, syncUpstream copies the
// matching tags by digest (indexes and their children included) and reports each tag as copied,
// unchanged or failed; the upstream refusing the credentials or not answering fails the job with that
// reason before anything is written, and a failed tag keeps the previous copy. What lands in official/
// is recorded by the registry's notifications like any push, and replicated to every region.
import { recordAudit } from "@/lib/audit";
import { seal, unseal } from "@/lib/crypto";
import { db, isUniqueViolation } from "@/lib/db";
import { appError, notFound, problem, storedText, toAppError, type StoredText } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobHandler } from "@/lib/jobs/worker";
import { authorize, type Actor } from "@/lib/policy";
import { credentialColumns, registryUrl } from "@/lib/regions";
import { parseRepository } from "@/lib/registry/names";
import { internalRegistryUrl } from "@/lib/registry/settings";
import { keyed, parseInput, slug, z, id as idSchema } from "@/lib/validation";
import { isRepositoryName, type RegistryEndpoint } from "./registry-api";
import { portalSignedToken } from "./region-registry";
import { systemClock } from "./retry";
import { errorText } from "./queue";
import { syncUpstream, type TagOutcome } from "./sync-upstream";
import { compileTagPatterns } from "./tag-patterns";

export const UPSTREAM_SYNC_JOB = "upstream.sync";

export interface UpstreamRule {
  /** The repository on the upstream, e.g. library/nginx. */
  repository: string;
  /** official/<target> in the portal's registry. */
  target: string;
  /** Globs over tag names; none = every tag. */
  tagPatterns: string[];
}

const patterns = z
  .array(z.string().trim().min(1).max(128))
  .max(20)
  .superRefine((list, ctx) => {
    try {
      compileTagPatterns(list);
    } catch {
      ctx.addIssue({ code: "custom", ...keyed("replication.validation.tagPatterns") });
    }
  });

const rule = z
  .object({
    repository: z.string().trim().min(1).max(255).refine(isRepositoryName, keyed("replication.validation.repository")),
    target: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((t) => parseRepository(`official/${t}`)?.scope === "official", keyed("replication.validation.target")),
    tagPatterns: patterns.default([]),
  })
  .strict();

const repositories = z
  .array(rule)
  .min(1)
  .max(50)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.target)) ctx.addIssue({ code: "custom", path: [i, "target"], ...keyed("replication.validation.targetTwice") });
      seen.add(r.target);
    });
  });

const schedule = z.number().int().min(5).max(10_080).nullable();
const credentials = { username: z.string().trim().min(1).max(200), password: z.string().min(1).max(500) };

const createInput = z
  .object({
    name: slug,
    registry: z.object({ url: registryUrl, username: credentials.username.optional(), password: credentials.password.optional() }).strict(),
    repositories,
    scheduleMinutes: schedule.default(null),
  })
  .strict();

const updateInput = z
  .object({
    registry: z
      .object({ url: registryUrl.optional(), username: credentials.username.nullable().optional(), password: credentials.password.optional() })
      .strict()
      .optional(),
    repositories: repositories.optional(),
    scheduleMinutes: schedule.optional(),
  })
  .strict();

export interface UpstreamRuleReport {
  repository: string;
  target: string;
  copied: number;
  unchanged: number;
  failed: number;
  items: TagOutcome[];
  error?: StoredText;
}

export interface UpstreamDto {
  id: string;
  name: string;
  registry: { url: string; username: string | null; hasPassword: boolean };
  repositories: UpstreamRule[];
  scheduleMinutes: number | null;
  nextSyncAt: string | null;
  lastSyncAt: string | null;
  lastStatus: "ok" | "partial" | "failed" | null;
  lastReport: UpstreamRuleReport[];
  lastError: StoredText | null;
  lastJobId: string | null;
  createdAt: string;
  updatedAt: string;
}

type UpstreamRow = NonNullable<Awaited<ReturnType<typeof db.upstream.findUnique>>>;

function json<T>(s: string | null, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

function toDto(u: UpstreamRow): UpstreamDto {
  return {
    id: u.id,
    name: u.name,
    registry: { url: u.url, username: u.username, hasPassword: !!u.passwordEnc },
    repositories: json<UpstreamRule[]>(u.rulesJson, []),
    scheduleMinutes: u.scheduleMinutes,
    nextSyncAt: u.nextSyncAt?.toISOString() ?? null,
    lastSyncAt: u.lastSyncAt?.toISOString() ?? null,
    lastStatus: (u.lastStatus as UpstreamDto["lastStatus"]) ?? null,
    lastReport: json<UpstreamRuleReport[]>(u.lastReport, []),
    lastError: json<StoredText | null>(u.lastError, null),
    lastJobId: u.lastJobId,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

const nameTaken = (name: string) =>
  appError("CONFLICT", "replication.upstreamNameTaken", { name }, `An upstream named "${name}" already exists.`, {
    details: [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
  });

const nextSync = (minutes: number | null, from = Date.now()) => (minutes ? new Date(from + minutes * 60_000) : null);

/** GET /api/v1/upstreams (admins). */
export async function listUpstreams({ actor }: { actor: Actor }): Promise<{ items: UpstreamDto[] }> {
  authorize(actor, "replication.manage");
  const rows = await db.upstream.findMany({ orderBy: { name: "asc" } });
  return { items: rows.map(toDto) };
}

async function load(upstreamId: unknown): Promise<UpstreamRow> {
  const u = await db.upstream.findUnique({ where: { id: parseInput(idSchema, upstreamId) } });
  if (!u) throw notFound("Object");
  return u;
}

export async function getUpstream({ actor, upstreamId }: { actor: Actor; upstreamId: unknown }): Promise<UpstreamDto> {
  authorize(actor, "replication.manage");
  return toDto(await load(upstreamId));
}

/** POST /api/v1/upstreams (admins): the password is sealed, and in no answer or audit detail. */
export async function createUpstream({ actor, input }: { actor: Actor; input: unknown }): Promise<UpstreamDto> {
  authorize(actor, "replication.manage");
  const data = parseInput(createInput, input);
  const creds = credentialColumns({ isDefault: false, registryUsername: null, hasPassword: false }, data.registry);
  try {
    return await db.$transaction(async (tx) => {
      const u = await tx.upstream.create({
        data: {
          name: data.name,
          url: data.registry.url,
          username: creds.registryUsername ?? null,
          passwordEnc: creds.registryPassword ? seal(creds.registryPassword) : null,
          rulesJson: JSON.stringify(data.repositories),
          scheduleMinutes: data.scheduleMinutes,
          nextSyncAt: nextSync(data.scheduleMinutes),
        },
      });
      await recordAudit(tx, {
        actor,
        action: "upstream.create",
        targetType: "upstream",
        targetId: u.id,
        details: { name: u.name, url: u.url, hasPassword: !!u.passwordEnc, repositories: data.repositories.length },
      });
      return toDto(u);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(data.name);
    throw e;
  }
}

/** PATCH /api/v1/upstreams/{id} (admins): `registry.username: null` removes the credentials, an
 * omitted password keeps the stored one; a new schedule starts counting now. */
export async function updateUpstream({ actor, upstreamId, input }: { actor: Actor; upstreamId: unknown; input: unknown }): Promise<UpstreamDto> {
  authorize(actor, "replication.manage");
  const u = await load(upstreamId);
  const data = parseInput(updateInput, input);
  const creds = credentialColumns({ isDefault: false, registryUsername: u.username, hasPassword: !!u.passwordEnc }, data.registry);
  const row = await db.$transaction(async (tx) => {
    const r = await tx.upstream.update({
      where: { id: u.id },
      data: {
        ...(data.registry?.url ? { url: data.registry.url } : {}),
        ...(creds.registryUsername !== undefined ? { username: creds.registryUsername } : {}),
        ...(creds.registryPassword !== undefined ? { passwordEnc: creds.registryPassword ? seal(creds.registryPassword) : null } : {}),
        ...(data.repositories ? { rulesJson: JSON.stringify(data.repositories) } : {}),
        ...(data.scheduleMinutes !== undefined ? { scheduleMinutes: data.scheduleMinutes, nextSyncAt: nextSync(data.scheduleMinutes) } : {}),
      },
    });
    await recordAudit(tx, {
      actor,
      action: "upstream.update",
      targetType: "upstream",
      targetId: u.id,
      details: { name: u.name, fields: Object.keys(data), hasPassword: !!r.passwordEnc },
    });
    return r;
  });
  return toDto(row);
}

/** DELETE /api/v1/upstreams/{id} (admins): the official copies stay. */
export async function deleteUpstream({ actor, upstreamId }: { actor: Actor; upstreamId: unknown }): Promise<void> {
  authorize(actor, "replication.manage");
  const u = await load(upstreamId);
  await db.$transaction(async (tx) => {
    await tx.upstream.delete({ where: { id: u.id } });
    await recordAudit(tx, { actor, action: "upstream.delete", targetType: "upstream", targetId: u.id, details: { name: u.name } });
  });
}

async function queueSync(u: UpstreamRow, createdById: string | null): Promise<string> {
  // One sync of an upstream at a time (the lock key), across processes.
  const job = await enqueueJob(db, { kind: UPSTREAM_SYNC_JOB, payload: { upstreamId: u.id }, createdById, lockKey: `upstream:${u.id}` });
  await db.upstream.update({ where: { id: u.id }, data: { lastJobId: job.id } });
  return job.id;
}

/** POST /api/v1/upstreams/{id}/sync (admins): 202 with the job to follow. */
export async function syncUpstreamNow({ actor, upstreamId }: { actor: Actor; upstreamId: unknown }): Promise<{ jobId: string }> {
  authorize(actor, "replication.manage");
  const u = await load(upstreamId);
  const jobId = await queueSync(u, actor.userId);
  await recordAudit(db, { actor, action: "upstream.sync", targetType: "upstream", targetId: u.id, details: { name: u.name, jobId } });
  return { jobId };
}

/** The schedule (the replication loop, system): a sync job for each upstream whose time has come;
 * `nextSyncAt` moves first (compare-and-set), so two processes never queue the same one twice. */
export async function queueDueUpstreamSyncs(now = new Date()): Promise<number> {
  const due = await db.upstream.findMany({ where: { nextSyncAt: { lte: now }, scheduleMinutes: { not: null } } });
  let queued = 0;
  for (const u of due) {
    const moved = await db.upstream.updateMany({
      where: { id: u.id, nextSyncAt: u.nextSyncAt },
      data: { nextSyncAt: nextSync(u.scheduleMinutes, now.getTime()) },
    });
    if (moved.count === 0) continue;
    await queueSync(u, null);
    queued++;
  }
  return queued;
}

/** The job: authorized by syncUpstreamNow() when enqueued, or queued by the schedule. */
export const upstreamSyncJob: JobHandler = {
  async run(ctx) {
    const u = await db.upstream.findUnique({ where: { id: String(ctx.payload.upstreamId) } });
    if (!u) throw notFound("Object");
    const rules = json<UpstreamRule[]>(u.rulesJson, []);
    const upstream: RegistryEndpoint = {
      url: u.url,
      name: u.name,
      ...(u.username && u.passwordEnc ? { credentials: { username: u.username, password: unseal(u.passwordEnc) } } : {}),
    };
    const target: RegistryEndpoint = { url: internalRegistryUrl(), name: "default", issueToken: portalSignedToken };
    const reports: UpstreamRuleReport[] = [];
    let fatal: unknown = null;
    for (const [i, r] of rules.entries()) {
      await ctx.progress(
        Math.round((100 * i) / Math.max(1, rules.length)),
        storedText("upstreamJobs.syncing", { repository: r.repository, target: `official/${r.target}` }, `Syncing ${r.repository} into official/${r.target}`),
      );
      try {
        const rep = await syncUpstream(
          { upstream: { ...upstream, repository: r.repository }, tagPatterns: r.tagPatterns, target: { ...target, repository: `official/${r.target}` } },
          { fetch: globalThis.fetch, clock: systemClock },
        );
        reports.push({ repository: r.repository, target: r.target, copied: rep.copied, unchanged: rep.unchanged, failed: rep.failed, items: rep.items });
      } catch (e) {
        reports.push({ repository: r.repository, target: r.target, copied: 0, unchanged: 0, failed: 0, items: [], error: errorText(e) });
        // the upstream itself refused or did not answer: the other repositories would fail the same way
        const key = toAppError(e).i18n?.key;
        if (key === "replication.upstreamUnauthorized" || key === "replication.upstreamUnreachable") {
          fatal = e;
          break;
        }
        fatal ??= e;
      }
    }
    const failed = reports.reduce((n, r) => n + r.failed, 0);
    const status = fatal ? "failed" : failed > 0 ? "partial" : "ok";
    await db.upstream.update({
      where: { id: u.id },
      data: {
        lastSyncAt: new Date(),
        lastStatus: status,
        lastReport: JSON.stringify(reports),
        lastError: fatal ? JSON.stringify(errorText(fatal)) : null,
      },
    });
    if (fatal) throw fatal;
    await ctx.progress(100, storedText("upstreamJobs.done", { copied: reports.reduce((n, r) => n + r.copied, 0) }, "Synced"));
    return {
      copied: reports.reduce((n, r) => n + r.copied, 0),
      unchanged: reports.reduce((n, r) => n + r.unchanged, 0),
      failed,
    };
  },
};
