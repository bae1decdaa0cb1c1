// The app (current or a given revision) exported as a Compose file.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { exportCompose, readStoredSpec, redactSpecValues } from "@/lib/compose";
import { parseInput, z } from "@/lib/validation";
import { loadApp } from "./load-app";
import { hideSecretValues, revisionSpecJson, revisionVariables } from "./app-variables";
import { mayReadValues, variablesOf } from "./read-values";

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
  if (!rev) throw notFound("Revision");
  // Secret variables are never shown again, to anyone; viewers see no values at all.
  const vars = revisionVariables(rev);
  const spec = hideSecretValues(readStoredSpec(revisionSpecJson(rev)), vars.secret);
  return exportCompose(mayReadValues(actor, app) ? spec : redactSpecValues(spec, { ...variablesOf(rev.variablesJson), ...vars.secret }));
}
