import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authorize, can, tenantScope, type Actor } from "@/lib/policy";
import { exportCompose, readStoredSpec, redactComposeText, redactSpecValues } from "@/lib/compose";
import { loadEnvironment } from "@/lib/environments";
import { pageArgs, pageQuery, parseInput, toPage, z } from "@/lib/validation";
import { APP_INCLUDE, toAppDto, type AppDto } from "./app-dto";
import { loadApp } from "./load-app";
import { hideSecretValues, revisionSpecJson, revisionVariables } from "./app-variables";

export async function getApp({ actor, appId }: { actor: Actor; appId: unknown }): Promise<AppDto> {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.read", { tenantId: app.tenantId, kind: "App" });
  const rev = app.currentRevisionId ? await db.appRevision.findUnique({ where: { id: app.currentRevisionId }, select: { number: true } }) : null;
  const job = await db.job.findFirst({
    where: { lockKey: `app:${app.id}`, status: { in: ["pending", "running"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return toAppDto(app, rev?.number ?? null, job?.id ?? null);
}

/** Apps of one environment, or every app the caller may see (`?environmentId=`). */
export async function listApps({ actor, environmentId, query }: { actor: Actor; environmentId?: unknown; query?: unknown }) {
  const q = parseInput(pageQuery.extend({ environmentId: z.string().max(64).optional() }), query ?? {});
  const envId = environmentId ?? q.environmentId;
  let where: object = tenantScope(actor);
  if (envId !== undefined) {
    const env = await loadEnvironment(actor, envId);
    authorize(actor, "app.read", { tenantId: env.tenantId, kind: "Environment" });
    // a shared environment: the viewing tenant's apps only (admins: all of them, issue 16)
    where = env.shared && !actor.platformAdmin ? { environmentId: env.id, tenantId: env.tenantId } : { environmentId: env.id };
  }
  const rows = await db.app.findMany({ where, include: APP_INCLUDE, orderBy: [{ name: "asc" }, { id: "asc" }], ...pageArgs(q) });
  const page = toPage(rows, q);
  const numbers = new Map(
    (
      await db.appRevision.findMany({
        where: { id: { in: page.items.map((a) => a.currentRevisionId).filter((x): x is string => !!x) } },
        select: { id: true, number: true },
      })
    ).map((r) => [r.id, r.number]),
  );
  return { items: page.items.map((a) => toAppDto(a, a.currentRevisionId ? (numbers.get(a.currentRevisionId) ?? null) : null)), nextCursor: page.nextCursor };
}

/**
 * Environment and variable values often hold secrets: only who may deploy the app (and so writes
 * them anyway) reads them; viewers get the names with the values hidden (lib/compose/redact-values.ts).
 */
function mayReadValues(actor: Actor, app: { tenantId: string }): boolean {
  return can(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
}

const storedVariables = z.record(z.string(), z.string());

function variablesOf(variablesJson: string): Record<string, string> {
  try {
    const r = storedVariables.safeParse(JSON.parse(variablesJson));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

export interface RevisionDto {
  number: number;
  status: string;
  error: string | null;
  current: boolean;
  createdAt: string;
  composeText: string;
}

export async function listRevisions({ actor, appId }: { actor: Actor; appId: unknown }): Promise<{ items: RevisionDto[] }> {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.read", { tenantId: app.tenantId, kind: "App" });
  const revs = await db.appRevision.findMany({ where: { appId: app.id }, orderBy: { number: "desc" } });
  const text = mayReadValues(actor, app) ? (t: string) => t : redactComposeText;
  return {
    items: revs.map((r) => ({
      number: r.number,
      status: r.status,
      error: r.error,
      current: r.id === app.currentRevisionId,
      createdAt: r.createdAt.toISOString(),
      composeText: text(r.composeText),
    })),
  };
}

/** The app (current or a given revision) as a Compose file, leased ports written explicitly. */
export async function exportAppCompose({ actor, appId, revision }: { actor: Actor; appId: unknown; revision?: unknown }): Promise<string> {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.read", { tenantId: app.tenantId, kind: "App" });
  const n = revision === undefined || revision === null || revision === "" ? undefined : parseInput(z.coerce.number().int().min(1), revision);
  const rev = n
    ? await db.appRevision.findFirst({ where: { appId: app.id, number: n } })
    : app.currentRevisionId
      ? await db.appRevision.findUnique({ where: { id: app.currentRevisionId } })
      : null;
  if (!rev) throw new AppError("NOT_FOUND", "Revision not found");
  // Secret variables are never shown again, to anyone; viewers see no values at all.
  const vars = revisionVariables(rev);
  const spec = hideSecretValues(readStoredSpec(revisionSpecJson(rev)), vars.secret);
  return exportCompose(mayReadValues(actor, app) ? spec : redactSpecValues(spec, { ...variablesOf(rev.variablesJson), ...vars.secret }));
}
