// Create a template with its first version, add a version, edit or delete a template. Versions are
// immutable: a change is a new version (the market serves exactly the approved one).
import { db, isUniqueViolation } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, z } from "@/lib/validation";
import { loadTemplate, authorizeManage } from "./template-access";
import { metadataFields, versionInput } from "./template-input";
import { toTemplateDto, type TemplateDto } from "./template-dto";

const createInput = z
  .object({ ...metadataFields, scope: z.enum(["official", "tenant", "personal"]), tenantId: z.string().max(64).optional(), version: versionInput })
  .strict();

export async function createTemplate({ actor, input }: { actor: Actor; input: unknown }): Promise<TemplateDto> {
  const data = parseInput(createInput, input);
  if (data.scope === "official") authorize(actor, "template.official.manage");
  else if (data.scope === "tenant") {
    if (!data.tenantId)
      throw appError("VALIDATION", "templateErrors.chooseTenant", undefined, "Choose the tenant that shares this template.", {
        details: [problem("tenantId", "fieldErrors.required", undefined, "Required")],
      });
    authorize(actor, "template.manage", { tenantId: data.tenantId, kind: "Tenant" });
  } else if (data.tenantId)
    throw appError("VALIDATION", "templateErrors.personalNoTenant", undefined, "A personal template belongs to no tenant.", {
      details: [problem("tenantId", "fieldErrors.notAllowedHere", undefined, "Not allowed here")],
    });
  const { version: v, scope, tenantId, ...meta } = data;
  return db.$transaction(async (tx) => {
    const t = await tx.template.create({
      data: {
        ...meta,
        scope,
        tenantId: scope === "tenant" ? tenantId! : null,
        ownerId: scope === "personal" ? actor.userId : null,
        createdById: actor.userId,
        versions: {
          create: {
            version: v.version,
            ordinal: 1,
            composeText: v.compose,
            questionsJson: JSON.stringify(v.questions),
            upgradeFrom: v.upgradeFrom ?? "",
            notes: v.notes ?? "",
          },
        },
      },
      include: { versions: true },
    });
    await recordAudit(tx, { actor, tenantId: t.tenantId, action: "template.create", targetType: "template", targetId: t.id, details: { name: t.name, scope } });
    return toTemplateDto(t);
  });
}

export async function addTemplateVersion({ actor, templateId, input }: { actor: Actor; templateId: unknown; input: unknown }): Promise<TemplateDto> {
  const t = await loadTemplate(actor, templateId);
  authorizeManage(actor, t);
  if (t.scope === "market") throw appError("VALIDATION", "templateErrors.marketVersions", undefined, "Market templates get versions by approval only.");
  const v = parseInput(versionInput, input);
  try {
    return await db.$transaction(async (tx) => {
      const last = await tx.templateVersion.findFirst({ where: { templateId: t.id }, orderBy: { ordinal: "desc" } });
      await tx.templateVersion.create({
        data: {
          templateId: t.id,
          version: v.version,
          ordinal: (last?.ordinal ?? 0) + 1,
          composeText: v.compose,
          questionsJson: JSON.stringify(v.questions),
          upgradeFrom: v.upgradeFrom ?? "",
          notes: v.notes ?? "",
        },
      });
      await tx.template.update({ where: { id: t.id }, data: { updatedAt: new Date() } });
      await recordAudit(tx, {
        actor,
        tenantId: t.tenantId,
        action: "template.version.add",
        targetType: "template",
        targetId: t.id,
        details: { version: v.version },
      });
      return toTemplateDto(await tx.template.findUniqueOrThrow({ where: { id: t.id }, include: { versions: true } }));
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw appError("CONFLICT", "templateErrors.versionExists", { version: v.version }, `Version ${v.version} exists already; versions never change.`, {
        details: [problem("version", "fieldErrors.alreadyTaken", undefined, "Already taken")],
      });
    throw e;
  }
}

const updateInput = z.object({ ...metadataFields, name: metadataFields.name.optional() }).strict();

export async function updateTemplate({ actor, templateId, input }: { actor: Actor; templateId: unknown; input: unknown }): Promise<TemplateDto> {
  const t = await loadTemplate(actor, templateId);
  authorizeManage(actor, t);
  const data = parseInput(updateInput, input);
  return db.$transaction(async (tx) => {
    const row = await tx.template.update({ where: { id: t.id }, data, include: { versions: true } });
    await recordAudit(tx, {
      actor,
      tenantId: t.tenantId,
      action: "template.update",
      targetType: "template",
      targetId: t.id,
      details: { fields: Object.keys(data) },
    });
    return toTemplateDto(row);
  });
}

export async function deleteTemplate({ actor, templateId }: { actor: Actor; templateId: unknown }): Promise<void> {
  const t = await loadTemplate(actor, templateId);
  authorizeManage(actor, t);
  await db.$transaction(async (tx) => {
    await tx.template.delete({ where: { id: t.id } });
    await recordAudit(tx, { actor, tenantId: t.tenantId, action: "template.delete", targetType: "template", targetId: t.id, details: { name: t.name } });
  });
}
