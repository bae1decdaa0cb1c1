// Images on an environment's hosts (issue 11 day-2): pull one image on every host (or chosen
// ones) as a persisted job with progress per host, and prune the images nothing uses.
//
// Prune is deliberately narrow: the engine's dangling-image prune (untagged layers no container
// uses), plus the images of the portal's own registry that no container (running or stopped) uses.
// Images that came from elsewhere (a host owner's own, base images) are not the portal's to delete.
import { db } from "@/lib/db";
import { isUnreachable, type Engine, type ProgressMessage } from "@/lib/docker";
import { AppError, storedText } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { enqueueJob, type JobContext, type JobHandler } from "@/lib/jobs";
import type { Actor } from "@/lib/policy";
import { deployRegistryAuth, parseRepository, publicRegistryHost } from "@/lib/registry";
import { classifyPullError } from "@/lib/registry/pull-errors";
import { parseInput, z } from "@/lib/validation";
import { defaultResourceDeps, loadResourceScope, type ResourceDeps, type ResourceHost } from "./resource-scope";
import { resourceErrors } from "./errors";

export const PULL_JOB_KIND = "environment.image-pull";

// An image reference: [registry[:port]/]path[:tag][@digest], no spaces, no leading "-".
const imageRef = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._\-/:@]*$/, "an image reference like registry:5000/t/team/web:1");
const pullInput = z.object({ image: imageRef, hostIds: z.array(z.string().min(1).max(64)).max(100).optional() }).strict();

export interface HostPullState {
  hostId: string;
  hostName: string;
  status: "pending" | "pulling" | "done" | "failed";
  /** layers finished / layers seen */
  layersDone: number;
  layers: number;
  /** why it failed, in English (API callers) … */
  error?: string;
  /** … and as a kind the page translates */
  problem?: PullProblemKind;
}

export type PullProblemKind = "unreachable" | "missing" | "denied" | "expired" | "other";

export interface PullResult {
  image: string;
  hosts: HostPullState[];
}

/** Starts the pull job (202 with its id); the job's result carries each host's state, live. */
export async function pullImageOnHosts(
  { actor, environmentId, input }: { actor: Actor; environmentId: unknown; input: unknown },
  deps: ResourceDeps = defaultResourceDeps,
): Promise<{ jobId: string }> {
  const scope = await loadResourceScope(actor, environmentId, "images", deps);
  const data = parseInput(pullInput, input);
  if (scope.hosts.length === 0) throw resourceErrors.noHosts();
  const hosts = data.hostIds ? scope.hosts.filter((h) => data.hostIds!.includes(h.id)) : scope.hosts;
  if (data.hostIds && hosts.length !== data.hostIds.length)
    throw new AppError("VALIDATION", "A chosen host is not a host of this environment.", [{ path: "hostIds", message: "unknown host" }], {
      i18n: { key: "resources.errors.unknownHost" },
    });
  return db.$transaction(async (tx) => {
    const job = await enqueueJob(tx, {
      kind: PULL_JOB_KIND,
      payload: { environmentId: scope.environmentId, image: data.image, hostIds: hosts.map((h) => h.id), ownerTenantId: scope.ownerTenantId },
      tenantId: scope.ownerTenantId,
      createdById: actor.userId,
      // one pull per environment at a time: hosts pull one image after the other, not all at once
      lockKey: `environment-images:${scope.environmentId}`,
    });
    await recordAudit(tx, {
      actor,
      tenantId: scope.ownerTenantId,
      action: "image.pull",
      targetType: "environment",
      targetId: scope.environmentId,
      details: { image: data.image, hosts: hosts.map((h) => h.name), jobId: job.id },
    });
    return { jobId: job.id };
  });
}

/** X-Registry-Auth as a deploy sends it, only for images of the portal's registry (a deploy
 * credential is never sent to another registry). Dedicated environment: its tenant's credential;
 * shared (admins): the credential of the tenant the repository belongs to. */
async function registryAuthFor(image: string, ownerTenantId: string | null): Promise<string | undefined> {
  const host = `${publicRegistryHost()}/`;
  if (!image.startsWith(host)) return undefined;
  if (ownerTenantId) {
    const t = await db.tenant.findUnique({ where: { id: ownerTenantId }, select: { slug: true } });
    return t ? deployRegistryAuth(t.slug) : undefined;
  }
  const path = image
    .slice(host.length)
    .replace(/@.*$/, "")
    .replace(/:[^/]*$/, "");
  const repo = parseRepository(path);
  return deployRegistryAuth(repo?.scope === "tenant" && repo.owner ? repo.owner : "platform");
}

/** A user-safe reason for a failed pull (the engine's text names endpoints and registry internals). */
export function pullFailure(e: unknown): { problem: PullProblemKind; message: string } {
  if (isUnreachable(e)) return { problem: "unreachable", message: "The host does not answer." };
  const c = classifyPullError(e instanceof Error ? e.message : String(e));
  return c.problem === "other" ? { problem: "other", message: "The host could not pull the image." } : c;
}

async function pullOnHost(h: ResourceHost, image: string, auth: string | undefined, state: HostPullState, changed: () => void): Promise<void> {
  state.status = "pulling";
  changed();
  const layers = new Map<string, boolean>();
  const onProgress = (m: ProgressMessage) => {
    if (!m.id || !m.status) return;
    const done = /^(Pull complete|Already exists)/.test(m.status);
    if (!layers.has(m.id) && !/^(Pulling fs layer|Waiting|Downloading|Verifying|Download complete|Extracting|Pull complete|Already exists)/.test(m.status))
      return;
    if (layers.get(m.id) && !done) return;
    layers.set(m.id, done);
    state.layers = layers.size;
    state.layersDone = [...layers.values()].filter(Boolean).length;
    changed();
  };
  try {
    await h.engine.pullImage(image, { registryAuth: auth, onProgress });
    state.status = "done";
    state.layersDone = state.layers;
  } catch (e) {
    const f = pullFailure(e);
    state.status = "failed";
    state.error = f.message;
    state.problem = f.problem;
  }
  changed();
}

export interface PullJobDeps {
  hostsOf(environmentId: string): Promise<ResourceHost[]>;
  registryAuthFor(image: string, ownerTenantId: string | null): Promise<string | undefined>;
  /** Writes the partial result while the job runs (the events socket pushes it with the progress). */
  saveResult(jobId: string, result: PullResult): Promise<void>;
}

const defaultPullJobDeps: PullJobDeps = {
  hostsOf: defaultResourceDeps.hostsOf,
  registryAuthFor,
  async saveResult(jobId, result) {
    await db.job.updateMany({ where: { id: jobId, status: "running" }, data: { resultJson: JSON.stringify(result) } });
  },
};

const PUSH_EVERY_MS = 400;

export async function runPullJob(ctx: Pick<JobContext, "id" | "payload" | "progress">, deps: PullJobDeps = defaultPullJobDeps): Promise<PullResult> {
  const p = ctx.payload as { environmentId: string; image: string; hostIds: string[]; ownerTenantId: string | null };
  const hosts = (await deps.hostsOf(p.environmentId)).filter((h) => p.hostIds.includes(h.id));
  const result: PullResult = {
    image: p.image,
    hosts: hosts.map((h) => ({ hostId: h.id, hostName: h.name, status: "pending", layersDone: 0, layers: 0 })),
  };
  const auth = await deps.registryAuthFor(p.image, p.ownerTenantId);
  let last = 0;
  let pending: Promise<void> = Promise.resolve();
  const push = (force = false) => {
    const now = Date.now();
    if (!force && now - last < PUSH_EVERY_MS) return;
    last = now;
    const finished = result.hosts.filter((s) => s.status === "done" || s.status === "failed").length;
    const partial = result.hosts.reduce((n, s) => n + (s.status === "done" || s.status === "failed" ? 1 : s.layers ? s.layersDone / s.layers : 0), 0);
    const snapshot = structuredClone(result);
    pending = pending
      .then(() => deps.saveResult(ctx.id, snapshot))
      .then(() =>
        ctx.progress(
          (partial / Math.max(1, result.hosts.length)) * 100,
          storedText("storedTexts.jobs.hostsDone", { finished, total: result.hosts.length }, `${finished}/${result.hosts.length}`),
        ),
      )
      .catch(() => undefined);
  };
  push(true);
  await Promise.all(hosts.map((h, i) => pullOnHost(h, p.image, auth, result.hosts[i], () => push())));
  push(true);
  await pending;
  const failed = result.hosts.filter((s) => s.status === "failed");
  if (failed.length > 0) {
    throw new AppError("CONFLICT", failed.map((s) => `${s.hostName}: ${s.error}`).join("; "), undefined, {
      i18n: { key: "resources.errors.pullFailed", params: { hosts: failed.map((s) => s.hostName).join(", ") } },
    });
  }
  return result;
}

export const pullJobHandler: JobHandler = { run: (ctx) => runPullJob(ctx) };

export interface HostPruneResult {
  hostId: string;
  hostName: string;
  /** images removed */
  deleted: number;
  reclaimedBytes: number;
  error?: string;
}

async function pruneHost(engine: Engine, registryHost: string): Promise<{ deleted: number; reclaimedBytes: number }> {
  // the portal registry's images no container uses, tag by tag (an image other tags still hold is only untagged)
  const [images, containers] = await Promise.all([engine.listImages(), engine.listContainers({ all: true })]);
  const used = new Set(containers.map((c) => c.imageId));
  let deleted = 0;
  let reclaimedBytes = 0;
  for (const img of images) {
    if (used.has(img.id) || img.repoTags.length === 0 || !img.repoTags.every((t) => t.startsWith(`${registryHost}/`))) continue;
    try {
      for (const tag of img.repoTags) await engine.removeImage(tag);
      deleted++;
      reclaimedBytes += img.size;
    } catch (e) {
      // a container took it meanwhile (409), or it was gone: leave it
      const code = (e as { code?: string }).code;
      if (code !== "CONFLICT" && code !== "NOT_FOUND") throw e;
    }
  }
  const dangling = await engine.pruneImages({ dangling: true });
  return { deleted: deleted + dangling.deleted.length, reclaimedBytes: reclaimedBytes + dangling.spaceReclaimed };
}

/** Prunes unused images on every host of the environment; answers what each host reclaimed. */
export async function pruneEnvironmentImages(
  { actor, environmentId }: { actor: Actor; environmentId: unknown },
  deps: ResourceDeps = defaultResourceDeps,
): Promise<{ items: HostPruneResult[]; reclaimedBytes: number }> {
  const scope = await loadResourceScope(actor, environmentId, "images", deps);
  if (scope.hosts.length === 0) throw resourceErrors.noHosts();
  const registryHost = publicRegistryHost();
  const items = await Promise.all(
    scope.hosts.map(async (h): Promise<HostPruneResult> => {
      try {
        return { hostId: h.id, hostName: h.name, ...(await pruneHost(h.engine, registryHost)) };
      } catch (e) {
        return {
          hostId: h.id,
          hostName: h.name,
          deleted: 0,
          reclaimedBytes: 0,
          error: isUnreachable(e) ? "The host does not answer." : "The host refused the prune.",
        };
      }
    }),
  );
  items.sort((a, b) => a.hostName.localeCompare(b.hostName));
  const reclaimedBytes = items.reduce((n, i) => n + i.reclaimedBytes, 0);
  await recordAudit(db, {
    actor,
    tenantId: scope.ownerTenantId,
    action: "image.prune",
    targetType: "environment",
    targetId: scope.environmentId,
    details: { reclaimedBytes, hosts: items.map((i) => ({ host: i.hostName, deleted: i.deleted, reclaimedBytes: i.reclaimedBytes })) },
  });
  return { items, reclaimedBytes };
}
