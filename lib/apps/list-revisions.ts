// The revisions of an app, newest first; compose text redacted for who may not read values.
import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { redactComposeText } from "@/lib/compose";
import { loadApp } from "./load-app";
import { mayReadValues } from "./read-values";

export interface RevisionDto {
  number: number;
  status: string;
  /** The deploy state machine's phase (deploy-state.ts). */
  phase: string;
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
      phase: r.phase,
      error: r.error,
      current: r.id === app.currentRevisionId,
      createdAt: r.createdAt.toISOString(),
      composeText: text(r.composeText),
    })),
  };
}
