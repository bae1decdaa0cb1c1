// One-click deploy: the answers are validated against the version's questions, then become the
// variables of the ordinary compose deploy (createApp): the same policy, port pool, revisions and
// job as any app. A template never bypasses a rule. The app remembers its template and answers.
import { db } from "@/lib/db";
import { appError, AppError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { createApp, type DeployAnswer } from "@/lib/apps";
import { loadEnvironment } from "@/lib/environments";
import { publicRegistryHost } from "@/lib/registry";
import { parseInput, z } from "@/lib/validation";
import { REGISTRY_VARIABLE, answersSchema, readQuestions, validateAnswers, type VariableEntry } from "./questions";
import { answerContext } from "./answer-context";
import { loadTemplate } from "./template-access";
import { templateImages } from "./template-images";
import { versionLabel } from "./template-input";

const input = z
  .object({
    environmentId: z.string().min(1).max(64),
    name: z.string().max(100),
    version: versionLabel.optional(),
    answers: answersSchema.default({}),
    idempotencyKey: z.string().min(8).max(100).optional(),
  })
  .strict();

type Version = Awaited<ReturnType<typeof loadTemplate>>["versions"][number];

export function pickVersion(versions: Version[], wanted?: string): Version {
  const v = wanted ? versions.find((x) => x.version === wanted) : versions.at(-1);
  if (!v)
    throw wanted
      ? appError("VALIDATION", "templateErrors.noSuchVersion", { version: wanted }, `This template has no version ${wanted}.`, {
          details: [problem("version", "fieldErrors.unknownVersion", undefined, "Unknown version")],
        })
      : appError("VALIDATION", "templateErrors.noVersion", undefined, "This template has no version yet.", {
          details: [problem("version", "fieldErrors.unknownVersion", undefined, "Unknown version")],
        });
  return v;
}

/** Registry images the caller cannot pull: refused before anything is created, saying how to fix it. */
export async function requireImages(actor: Actor, composeText: string): Promise<void> {
  const missing = (await templateImages(actor, composeText)).filter((i) => i.available === false);
  if (missing.length)
    throw new AppError(
      "VALIDATION",
      `Image ${missing.map((m) => `${m.repository}:${m.tag}`).join(", ")} is not in the registry yet (or not visible to you); a platform administrator imports it under Images.`,
      missing.map((m) => ({ path: `images.${m.repository}:${m.tag}`, message: "Not in the registry yet", key: "storeErrors.imageMissing" })),
      { i18n: { key: "storeErrors.imagesMissing", params: { images: missing.map((m) => `${m.repository}:${m.tag}`).join(", ") } } },
    );
}

export function withRegistry(vars: Record<string, VariableEntry>): Record<string, VariableEntry> {
  return { ...vars, [REGISTRY_VARIABLE]: publicRegistryHost() };
}

export async function deployTemplate({ actor, templateId, input: raw }: { actor: Actor; templateId: unknown; input: unknown }): Promise<DeployAnswer> {
  const t = await loadTemplate(actor, templateId);
  const data = parseInput(input, raw);
  const env = await loadEnvironment(actor, data.environmentId);
  authorize(actor, "app.deploy", { tenantId: env.tenantId, kind: "Environment" });
  const v = pickVersion(t.versions, data.version);
  const answers = await validateAnswers(readQuestions(v.questionsJson), data.answers, answerContext(actor, env.id));
  await requireImages(actor, v.composeText);
  const result = await createApp({
    actor,
    environmentId: env.id,
    input: {
      name: data.name,
      compose: v.composeText,
      variables: withRegistry(answers.variables),
      ...(data.idempotencyKey ? { idempotencyKey: data.idempotencyKey } : {}),
    },
  });
  const link = { tenantId: env.tenantId, templateId: t.id, versionId: v.id, answersJson: JSON.stringify(answers.plain) };
  await db.appTemplate.upsert({ where: { appId: result.app.id }, create: { appId: result.app.id, ...link }, update: link });
  return result;
}
