// The publish-request queue shared by images and templates: one list, one detail, one approve and
// one reject, dispatching on the request's kind. Image requests keep their own rules (lib/images);
// template requests copy the pinned version into the market template on approval.
import { db } from "@/lib/db";
import { appError, notFound } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, z } from "@/lib/validation";
import { approvePublish, getPublishRequest, listPublishRequests, rejectPublish, type PublishDetails, type PublishRequestDto } from "@/lib/images";
import { readQuestions, type Question } from "./questions";
import { templateImages, type TemplateImage } from "./template-images";
import { policyVerdict, type PolicyVerdict } from "./template-verdict";

type User = { id: string; email: string; name: string };

export interface TemplatePublishDto {
  id: string;
  kind: "template";
  status: string;
  templateId: string | null;
  templateName: string | null;
  version: string | null;
  description: string;
  tenantId: string;
  requestedBy: User | null;
  decidedBy: User | null;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface TemplatePublishDetails extends TemplatePublishDto {
  compose: string;
  questions: Question[];
  readme: string;
  verdict: PolicyVerdict;
  /** `visibleToAll`: false when other tenants could not pull it (tenant or personal scope, or missing). */
  images: (TemplateImage & { visibleToAll: boolean })[];
}

export type PublishQueueItem = PublishRequestDto | TemplatePublishDto;

type Row = Awaited<ReturnType<typeof db.publishRequest.findMany>>[number];

async function toTemplateDtos(rows: Row[]): Promise<TemplatePublishDto[]> {
  const ids = rows.map((r) => r.templateId).filter((x): x is string => !!x);
  const vids = rows.map((r) => r.templateVersionId).filter((x): x is string => !!x);
  const userIds = rows.flatMap((r) => [r.requestedById, r.decidedById]).filter((x): x is string => !!x);
  const [templates, versions, users] = await Promise.all([
    db.template.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    db.templateVersion.findMany({ where: { id: { in: vids } }, select: { id: true, version: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, name: true } }),
  ]);
  const usr = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    kind: "template",
    status: r.status,
    templateId: r.templateId,
    templateName: templates.find((t) => t.id === r.templateId)?.name ?? null,
    version: versions.find((v) => v.id === r.templateVersionId)?.version ?? null,
    description: r.description,
    tenantId: r.tenantId,
    requestedBy: usr.get(r.requestedById) ?? null,
    decidedBy: (r.decidedById && usr.get(r.decidedById)) || null,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  }));
}

const STATUSES = ["pending", "approved", "rejected"];

export async function listPublishQueue({ actor, status }: { actor: Actor; status?: unknown }): Promise<{ items: PublishQueueItem[] }> {
  if (status !== undefined && !STATUSES.includes(String(status)))
    throw appError("VALIDATION", "publishErrors.status", undefined, "status is pending, approved or rejected.");
  const images = await listPublishRequests({ actor, status });
  const rows = await db.publishRequest.findMany({
    where: {
      AND: [
        { kind: "template" },
        status ? { status: String(status) } : {},
        actor.platformAdmin ? {} : { OR: [tenantScope(actor), { requestedById: actor.userId }] },
      ],
    },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const items: PublishQueueItem[] = [...images, ...(await toTemplateDtos(rows))];
  items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { items };
}

export async function getPublishQueueItem({ actor, requestId }: { actor: Actor; requestId: unknown }): Promise<PublishDetails | TemplatePublishDetails> {
  if (typeof requestId !== "string" || requestId.length > 64) throw notFound("Publish request");
  const row = await db.publishRequest.findFirst({
    where: { AND: [{ id: requestId }, actor.platformAdmin ? {} : { OR: [tenantScope(actor), { requestedById: actor.userId }] }] },
  });
  if (!row) throw notFound("Publish request");
  if (row.kind !== "template") return getPublishRequest({ actor, requestId });
  const [dto] = await toTemplateDtos([row]);
  const t = row.templateId ? await db.template.findUnique({ where: { id: row.templateId }, select: { readme: true } }) : null;
  const v = row.templateVersionId ? await db.templateVersion.findUnique({ where: { id: row.templateVersionId } }) : null;
  const questions = readQuestions(v?.questionsJson ?? "[]");
  const images = v ? await templateImages(actor, v.composeText) : [];
  return {
    ...dto,
    compose: v?.composeText ?? "",
    questions,
    readme: t?.readme ?? "",
    verdict: v ? policyVerdict(v.composeText, questions) : { ok: false, problems: [{ path: "version", message: "The version was deleted." }] },
    images: images.map((i) => ({ ...i, visibleToAll: i.available === null || i.scope === "official" || i.scope === "market" })),
  };
}

async function pendingTemplate(actor: Actor, requestId: unknown) {
  if (typeof requestId !== "string" || requestId.length > 64) throw notFound("Publish request");
  const pr = await db.publishRequest.findUnique({ where: { id: requestId } });
  if (!pr) throw notFound("Publish request");
  if (pr.kind !== "template") return { image: true as const, pr };
  if (pr.status !== "pending")
    throw appError("CONFLICT", "publishErrors.alreadyDecided", { status: `@states.${pr.status}` }, `This request is already ${pr.status}.`);
  if (pr.requestedById === actor.userId) throw appError("FORBIDDEN", "publishErrors.ownRequest", undefined, "You cannot decide your own publish request.");
  return { image: false as const, pr };
}

export async function approvePublishRequest({ actor, requestId }: { actor: Actor; requestId: unknown }): Promise<{ id: string; status: string }> {
  authorize(actor, "template.publish.approve");
  const { image, pr } = await pendingTemplate(actor, requestId);
  if (image) return approvePublish({ actor, requestId });
  const src = pr.templateId ? await db.template.findUnique({ where: { id: pr.templateId } }) : null;
  const v = pr.templateVersionId ? await db.templateVersion.findFirst({ where: { id: pr.templateVersionId, templateId: pr.templateId ?? "" } }) : null;
  if (!src || !v)
    throw appError("CONFLICT", "templateErrors.sourceDeleted", undefined, "The source template or version was deleted; the request cannot be approved.");
  return db.$transaction(async (tx) => {
    const done = await tx.publishRequest.updateMany({
      where: { id: pr.id, status: "pending" },
      data: { status: "approved", decidedById: actor.userId, decidedAt: new Date() },
    });
    if (done.count === 0) throw appError("CONFLICT", "publishErrors.decidedMeanwhile", undefined, "This request was decided meanwhile.");
    const meta = { name: src.name, description: src.description, category: src.category, icon: src.icon, readme: src.readme, maintainer: src.maintainer };
    let market = await tx.template.findFirst({ where: { scope: "market", sourceId: src.id } });
    market = market
      ? await tx.template.update({ where: { id: market.id }, data: meta })
      : await tx.template.create({ data: { ...meta, scope: "market", tenantId: pr.tenantId, sourceId: src.id, createdById: pr.requestedById } });
    if (await tx.templateVersion.findFirst({ where: { templateId: market.id, version: v.version } }))
      throw appError("CONFLICT", "templateErrors.versionInMarket", { version: v.version }, `Version ${v.version} is already in the market.`);
    const last = await tx.templateVersion.findFirst({ where: { templateId: market.id }, orderBy: { ordinal: "desc" } });
    // A copy: the market serves exactly the approved compose and questions from now on.
    await tx.templateVersion.create({
      data: {
        templateId: market.id,
        version: v.version,
        ordinal: (last?.ordinal ?? 0) + 1,
        composeText: v.composeText,
        questionsJson: v.questionsJson,
        upgradeFrom: v.upgradeFrom,
        notes: v.notes,
      },
    });
    await recordAudit(tx, {
      actor,
      tenantId: pr.tenantId,
      action: "template.publish.approve",
      targetType: "publish-request",
      targetId: pr.id,
      details: { templateId: src.id, version: v.version, marketTemplateId: market.id, requestedById: pr.requestedById },
    });
    return { id: pr.id, status: "approved", marketTemplateId: market.id };
  });
}

const rejectInput = z.object({ reason: z.string().trim().min(1, "Give a reason").max(1000) }).strict();

export async function rejectPublishRequest({
  actor,
  requestId,
  input,
}: {
  actor: Actor;
  requestId: unknown;
  input: unknown;
}): Promise<{ id: string; status: string }> {
  authorize(actor, "template.publish.approve");
  const { image, pr } = await pendingTemplate(actor, requestId);
  if (image) return rejectPublish({ actor, requestId, input });
  const { reason } = parseInput(rejectInput, input);
  return db.$transaction(async (tx) => {
    const done = await tx.publishRequest.updateMany({
      where: { id: pr.id, status: "pending" },
      data: { status: "rejected", reason, decidedById: actor.userId, decidedAt: new Date() },
    });
    if (done.count === 0) throw appError("CONFLICT", "publishErrors.decidedMeanwhile", undefined, "This request was decided meanwhile.");
    await recordAudit(tx, {
      actor,
      tenantId: pr.tenantId,
      action: "template.publish.reject",
      targetType: "publish-request",
      targetId: pr.id,
      details: { reason },
    });
    return { id: pr.id, status: "rejected" };
  });
}
