// Upgrade an app deployed from a template to another version: old answers carried over, new ones
// validated, then a new revision of the same app through the ordinary redeploy (so rolling back to
// the previous version is the ordinary one-click rollback). Also: what an app's template status is.
import { db } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { loadApp, redeployApp, type DeployAnswer } from "@/lib/apps";
import { parseInput, z } from "@/lib/validation";
import { answersSchema, readQuestions, validateAnswers, type Question } from "./questions";
import { answerContext } from "./answer-context";
import { loadTemplate } from "./template-access";
import { pickVersion, requireImages, withRegistry } from "./deploy-template";
import { versionLabel } from "./template-input";
import { upgradeAllowed } from "./upgrade-from";

const input = z.object({ version: versionLabel, answers: answersSchema.default({}), idempotencyKey: z.string().min(8).max(100).optional() }).strict();
const storedAnswers = z.record(z.string(), z.string());

function readAnswers(json: string): Record<string, string> {
  try {
    const r = storedAnswers.safeParse(JSON.parse(json));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

async function loadInstalled(actor: Actor, appId: unknown) {
  const app = await loadApp(actor, appId);
  const link = await db.appTemplate.findFirst({ where: { AND: [{ appId: app.id }, tenantScope(actor)] } });
  if (!link) throw appError("VALIDATION", "templateErrors.notFromTemplate", undefined, "This app was not deployed from a template.");
  const template = await loadTemplate(actor, link.templateId);
  const rev = app.currentRevisionId
    ? await db.appRevision.findFirst({ where: { id: app.currentRevisionId, appId: app.id }, select: { composeText: true } })
    : null;
  // The running version is the one whose compose the current revision carries (a rollback makes a
  // revision from an older one); the last version deployed through the store otherwise.
  const running = template.versions.find((v) => v.composeText === rev?.composeText) ?? template.versions.find((v) => v.id === link.versionId) ?? null;
  return { app, link, template, running };
}

export async function upgradeApp({ actor, appId, input: raw }: { actor: Actor; appId: unknown; input: unknown }): Promise<DeployAnswer> {
  const data = parseInput(input, raw);
  const { app, link, template, running } = await loadInstalled(actor, appId);
  authorize(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
  const target = pickVersion(template.versions, data.version);
  if (running && !upgradeAllowed(running.version, target.upgradeFrom))
    throw appError(
      "CONFLICT",
      "templateErrors.notAnUpgrade",
      { version: target.version, from: String(target.upgradeFrom), running: running.version },
      `Version ${target.version} upgrades only from ${target.upgradeFrom}; this app runs ${running.version}.`,
      { details: [problem("version", "fieldErrors.notAnUpgrade", undefined, "Not an upgrade path")] },
    );
  const questions = readQuestions(target.questionsJson);
  const asked = new Set(questions.map((q) => q.variable));
  const carried = Object.fromEntries(Object.entries(readAnswers(link.answersJson)).filter(([k]) => asked.has(k)));
  const before = new Set(
    readQuestions(running?.questionsJson ?? "[]")
      .filter((q) => q.type === "password")
      .map((q) => q.variable),
  );
  const keep = new Set(questions.filter((q) => q.type === "password" && before.has(q.variable)).map((q) => q.variable));
  const answers = await validateAnswers(questions, { ...carried, ...data.answers }, answerContext(actor, app.environmentId), keep);
  await requireImages(actor, target.composeText);
  const result = await redeployApp({
    actor,
    appId: app.id,
    input: { compose: target.composeText, variables: withRegistry(answers.variables), ...(data.idempotencyKey ? { idempotencyKey: data.idempotencyKey } : {}) },
  });
  await db.appTemplate.update({ where: { appId: app.id }, data: { versionId: target.id, answersJson: JSON.stringify(answers.plain) } });
  return result;
}

export interface AppTemplateStatus {
  template: { id: string; name: string; scope: string };
  runningVersion: string | null;
  answers: Record<string, string>;
  /** Versions newer than the running one that it may upgrade to. */
  upgrades: string[];
  versions: string[];
  /** With `?version=`: what the upgrade changes. */
  preview?: { version: string; currentCompose: string; compose: string; newQuestions: Question[]; changedQuestions: Question[]; removedQuestions: string[] };
}

export async function getAppTemplate({ actor, appId, version }: { actor: Actor; appId: unknown; version?: unknown }): Promise<AppTemplateStatus> {
  const { link, template, running } = await loadInstalled(actor, appId);
  const answers = readAnswers(link.answersJson);
  const upgrades = template.versions
    .filter((v) => v.ordinal > (running?.ordinal ?? 0) && upgradeAllowed(running?.version ?? "", v.upgradeFrom))
    .map((v) => v.version);
  const out: AppTemplateStatus = {
    template: { id: template.id, name: template.name, scope: template.scope },
    runningVersion: running?.version ?? null,
    answers,
    upgrades,
    versions: template.versions.map((v) => v.version),
  };
  if (version !== undefined) {
    const target = pickVersion(template.versions, parseInput(versionLabel, version));
    const oldQ = readQuestions(running?.questionsJson ?? "[]");
    const newQ = readQuestions(target.questionsJson);
    const old = new Map(oldQ.map((q) => [q.variable, JSON.stringify(q)]));
    out.preview = {
      version: target.version,
      currentCompose: running?.composeText ?? "",
      compose: target.composeText,
      newQuestions: newQ.filter((q) => !old.has(q.variable)),
      changedQuestions: newQ.filter((q) => old.has(q.variable) && old.get(q.variable) !== JSON.stringify(q)),
      removedQuestions: oldQ.filter((q) => !newQ.some((n) => n.variable === q.variable)).map((q) => q.variable),
    };
  }
  return out;
}
