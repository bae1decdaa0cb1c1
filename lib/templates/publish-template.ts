// ─── Security invariant (T21 for templates) ──────────────────────────────────────────────────────
// A publish request pins one immutable version. Approval (platform admins, never the requester)
// copies exactly that version into the market template; editing the source template or adding
// versions to it changes nothing in the market until a new request is approved.
// ─────────────────────────────────────────────────────────────────────────────────────────────────
import { db } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, tenantIdsOf, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, z } from "@/lib/validation";
import { authorizeManage, loadTemplate } from "./template-access";
import { pickVersion } from "./deploy-template";
import { versionLabel } from "./template-input";

const input = z
  .object({
    version: versionLabel.optional(),
    description: z.string().trim().min(1, "Describe the template").max(2000),
    tenantId: z.string().max(64).optional(),
  })
  .strict();

export async function publishTemplate({
  actor,
  templateId,
  input: raw,
}: {
  actor: Actor;
  templateId: unknown;
  input: unknown;
}): Promise<{ id: string; status: string; version: string }> {
  const t = await loadTemplate(actor, templateId);
  authorizeManage(actor, t);
  const data = parseInput(input, raw);
  if (t.scope !== "tenant" && t.scope !== "personal")
    throw appError("VALIDATION", "templateErrors.notPublishable", undefined, "Only tenant and personal templates are published.");
  let tenantId: string;
  if (t.scope === "tenant") tenantId = t.tenantId!;
  else {
    const mine = tenantIdsOf(actor);
    tenantId = data.tenantId ?? (mine.length === 1 ? mine[0] : "");
    if (!tenantId)
      throw appError("VALIDATION", "publishErrors.chooseTenant", undefined, "Choose the tenant this publication is made for.", {
        details: [problem("tenantId", "fieldErrors.required", undefined, "Required")],
      });
  }
  authorize(actor, "template.publish", { tenantId, kind: "Tenant" });
  const v = pickVersion(t.versions, data.version);
  return db.$transaction(async (tx) => {
    const dup = await tx.publishRequest.findFirst({ where: { templateVersionId: v.id, status: { in: ["pending", "approved"] } } });
    if (dup)
      throw dup.status === "pending"
        ? appError("CONFLICT", "templateErrors.versionPending", undefined, "This version already waits for approval.")
        : appError("CONFLICT", "templateErrors.versionPublished", undefined, "This version is already published.");
    const pr = await tx.publishRequest.create({
      data: { kind: "template", templateId: t.id, templateVersionId: v.id, tenantId, requestedById: actor.userId, description: data.description },
    });
    await recordAudit(tx, {
      actor,
      tenantId,
      action: "template.publish.request",
      targetType: "publish-request",
      targetId: pr.id,
      details: { templateId: t.id, version: v.version },
    });
    return { id: pr.id, status: pr.status, version: v.version };
  });
}
