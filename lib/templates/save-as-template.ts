// Save an app as a template: its current revision's compose, each plain variable a string question
// (its value the default), each secret variable a required password question (no default: a
// sealed value never leaves the revision). Personal or tenant scope; edit the questions later by
// adding a version.
import { db } from "@/lib/db";
import { appError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { loadApp } from "@/lib/apps";
import { recordAudit } from "@/lib/audit";
import { parseInput, z } from "@/lib/validation";
import { RESERVED_PREFIX, questionsSchema, type Question } from "./questions";
import { metadataFields, versionLabel } from "./template-input";
import { revisionSecretNames } from "./secret-names";
import { toTemplateDto, type TemplateDto } from "./template-dto";

const input = z
  .object({
    ...metadataFields,
    scope: z.enum(["personal", "tenant"]).default("personal"),
    version: versionLabel.default("1.0.0"),
    questions: questionsSchema.optional(),
  })
  .strict();
const stored = z.record(z.string(), z.string());

export async function saveAppAsTemplate({ actor, appId, input: raw }: { actor: Actor; appId: unknown; input: unknown }): Promise<TemplateDto> {
  const app = await loadApp(actor, appId);
  authorize(actor, "template.manage", { tenantId: app.tenantId, kind: "App" });
  const data = parseInput(input, raw);
  const rev = app.currentRevisionId ? await db.appRevision.findFirst({ where: { id: app.currentRevisionId, appId: app.id } }) : null;
  if (!rev) throw appError("CONFLICT", "appErrors.nothingToSave", undefined, "This app has no revision to save yet.");
  let plain: Record<string, string> = {};
  try {
    plain = stored.parse(JSON.parse(rev.variablesJson));
  } catch {
    plain = {};
  }
  const derived: Question[] = [
    ...Object.entries(plain)
      .filter(([k]) => !k.startsWith(RESERVED_PREFIX))
      .map(([k, v]): Question => ({ variable: k, label: k, type: /\n/.test(v) ? "multiline" : "string", default: v })),
  ];
  if (rev.secretVariablesEnc) {
    // Only the names: the values stay sealed in the revision (unseal only to learn the keys).
    for (const k of revisionSecretNames(rev.secretVariablesEnc)) derived.push({ variable: k, label: k, type: "password", required: true });
  }
  const questions = data.questions ?? derived;
  const { scope, version, questions: _q, ...meta } = data;
  void _q;
  return db.$transaction(async (tx) => {
    const t = await tx.template.create({
      data: {
        ...meta,
        scope,
        tenantId: scope === "tenant" ? app.tenantId : null,
        ownerId: scope === "personal" ? actor.userId : null,
        createdById: actor.userId,
        versions: { create: { version, ordinal: 1, composeText: rev.composeText, questionsJson: JSON.stringify(questions) } },
      },
      include: { versions: true },
    });
    await recordAudit(tx, {
      actor,
      tenantId: app.tenantId,
      action: "template.save-from-app",
      targetType: "template",
      targetId: t.id,
      details: { appId: app.id, revision: rev.number, scope },
    });
    return toTemplateDto(t);
  });
}
