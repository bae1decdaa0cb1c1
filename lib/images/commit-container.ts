// Commit a running container (on its host) into the caller's personal repository, then push it
// with a token for exactly that repository (progress into the job). Author and message recorded.
import { db } from "@/lib/db";
import { appError, isAppError, notFound, problem, storedText, type StoredText } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { enqueueJob, type JobHandler } from "@/lib/jobs";
import { hostEngine } from "@/lib/hosts";
import { parseInput, z } from "@/lib/validation";
import { grantAccess } from "@/lib/registry/access";
import { isValidComponent, isValidTag, personalRepository, parseRepository } from "@/lib/registry/names";
import { signRegistryToken } from "@/lib/registry/sign-token";
import { getManifest, imageSize } from "@/lib/registry/registry-client";
import { publicRegistryHost } from "@/lib/registry";

const input = z
  .object({
    repository: z.string().trim().min(1).max(200),
    tag: z.string().trim().max(128).default("latest"),
    message: z.string().max(500).default(""),
    idempotencyKey: z.string().max(200).optional(),
  })
  .strict();

/** "myapp" → u/<me>/myapp; a full u/<me>/… name is accepted as is; anything else is refused. */
function personalTarget(actor: Actor, repository: string): string {
  const full = repository.includes("/") ? repository : personalRepository(actor.userId, repository);
  const repo = parseRepository(full);
  if (!repo || repo.scope !== "personal" || repo.owner !== actor.userId.toLowerCase() || !full.split("/").every(isValidComponent)) {
    throw appError("VALIDATION", "imageErrors.personalRepository", undefined, "Commit into your personal repository: a lowercase name like my-app.", {
      details: [problem("repository", "fieldErrors.repositoryName", undefined, "invalid repository name")],
    });
  }
  return full;
}

export async function commitContainer({
  actor,
  containerId,
  input: raw,
}: {
  actor: Actor;
  containerId: unknown;
  input: unknown;
}): Promise<{ jobId: string; repository: string; tag: string }> {
  if (typeof containerId !== "string" || containerId.length > 128) throw notFound("Container");
  const c = await db.container.findFirst({ where: { AND: [{ OR: [{ id: containerId }, { engineId: containerId }] }, tenantScope(actor)] } });
  if (!c) throw notFound("Container");
  authorize(actor, "container.commit", { tenantId: c.tenantId, kind: "Container" });
  const data = parseInput(input, raw);
  if (!isValidTag(data.tag))
    throw appError("VALIDATION", "imageErrors.invalidTag", undefined, "Invalid tag.", {
      details: [problem("tag", "fieldErrors.tag", undefined, "letters, digits, _ . - (max 128)")],
    });
  const repository = personalTarget(actor, data.repository);
  if (!c.engineId || !c.hostId || c.state !== "running")
    throw appError("CONFLICT", "imageErrors.commitNotRunning", undefined, "Only a running container with a known host can be committed.");
  // The audit row is written by the job with the outcome (issue 11 item 6: a failed commit was
  // logged as a success at enqueue time).
  return db.$transaction(async (tx) => {
    const job = await enqueueJob(tx, {
      kind: "image.commit",
      payload: { containerId: c.id, repository, tag: data.tag, message: data.message, userId: actor.userId },
      tenantId: c.tenantId,
      createdById: actor.userId,
      lockKey: `image:${repository}`,
      idempotencyKey: data.idempotencyKey ? `${actor.userId}:${data.idempotencyKey}` : undefined,
    });
    return { jobId: job.id, repository, tag: data.tag };
  });
}

/** The job: authorized by commitContainer() when enqueued; runs with the persisted payload only. */
export const commitJob: JobHandler = {
  async run(ctx) {
    const p = ctx.payload as { containerId: string; repository: string; tag: string; message: string; userId: string };
    const audit = async (result: "ok" | "error", extra: Record<string, unknown>) => {
      const user = await db.user.findUnique({ where: { id: p.userId }, select: { id: true, email: true, name: true } });
      const actor = {
        userId: p.userId,
        email: user?.email ?? "unknown",
        name: user?.name ?? "",
        platformAdmin: false,
        roles: new Map(),
        via: "session" as const,
      };
      await recordAudit(db, {
        actor,
        tenantId: ctx.tenantId,
        action: "container.commit",
        targetType: "container",
        targetId: p.containerId,
        result,
        details: { repository: p.repository, tag: p.tag, jobId: ctx.id, ...extra },
      });
    };
    try {
      const out = await runCommit(ctx, p);
      await audit("ok", { digest: out.digest });
      return out;
    } catch (e) {
      await audit("error", { error: isAppError(e) ? e.message : "the engine refused the commit or the push" }).catch(() => undefined);
      throw e;
    }
  },
};

async function runCommit(
  ctx: { progress(percent: number, message?: string | StoredText): Promise<void> },
  p: { containerId: string; repository: string; tag: string; message: string; userId: string },
) {
  const c = await db.container.findUniqueOrThrow({ where: { id: p.containerId } });
  const host = await db.host.findUniqueOrThrow({ where: { id: c.hostId! } });
  const user = await db.user.findUniqueOrThrow({ where: { id: p.userId } });
  const engine = hostEngine(host, 30_000);
  const ref = `${publicRegistryHost()}/${p.repository}`;
  await ctx.progress(10, storedText("storedTexts.jobs.committing", undefined, "Committing the container"));
  await engine.commitContainer(c.engineId!, { repo: ref, tag: p.tag, comment: p.message, author: `${user.name} <${user.email}>` });
  await ctx.progress(30, storedText("storedTexts.jobs.pushing", undefined, "Pushing to the registry"));
  // A bearer token for exactly this repository, as the user (the registry's events name them).
  const access = grantAccess({ kind: "portal" }, [{ type: "repository", name: p.repository, actions: ["pull", "push"] }]);
  const token = (await signRegistryToken(user.id, access)).token;
  const registryAuth = Buffer.from(JSON.stringify({ registrytoken: token, serveraddress: publicRegistryHost() }))
    .toString("base64")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
  let layers = 0;
  const digest = await engine.pushImage(`${ref}:${p.tag}`, {
    registryAuth,
    onProgress: (m) => {
      if (m.status === "Pushed" || m.status === "Layer already exists")
        void ctx
          .progress(Math.min(90, 30 + ++layers * 10), storedText("storedTexts.jobs.layersPushed", { layers }, `${layers} layer(s) pushed`))
          .catch(() => undefined);
    },
  });
  await engine.removeImage(`${ref}:${p.tag}`).catch(() => undefined); // the host keeps no tag of ours
  const m = digest ? null : await getManifest(p.repository, p.tag);
  const finalDigest = digest ?? m?.digest;
  if (!finalDigest) throw appError("CONFLICT", "imageErrors.noDigest", undefined, "The push finished without a digest.");
  const manifest = m ?? (await getManifest(p.repository, finalDigest));
  const sizeBytes = BigInt(manifest ? await imageSize(p.repository, manifest) : 0);
  const data = { scope: "personal", ownerId: user.id, tenantId: null, digest: finalDigest, sizeBytes, pushedById: user.id, description: p.message };
  const img = await db.image.upsert({
    where: { repository_tag: { repository: p.repository, tag: p.tag } },
    create: { repository: p.repository, tag: p.tag, ...data },
    update: data,
  });
  return { imageId: img.id, repository: p.repository, tag: p.tag, digest: finalDigest };
}
