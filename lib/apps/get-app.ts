// One app as the API and the app page show it: its services, ports and the revision being
// deployed (else the serving one), and its active job.
import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { toAppDto, type AppDto } from "./app-dto";
import { loadApp } from "./load-app";

export async function getApp({ actor, appId }: { actor: Actor; appId: unknown }): Promise<AppDto> {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.read", { tenantId: app.tenantId, kind: "App" });
  // The revision being deployed, else the one serving (the app's desired state).
  const inFlight = await db.appRevision.findFirst({
    where: { appId: app.id, phase: { notIn: ["healthy", "failed", "cancelled"] } },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  const rev = inFlight ?? (app.currentRevisionId ? await db.appRevision.findUnique({ where: { id: app.currentRevisionId }, select: { number: true } }) : null);
  const job = await db.job.findFirst({
    where: { lockKey: `app:${app.id}`, status: { in: ["pending", "running"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return toAppDto(app, rev?.number ?? null, job?.id ?? null);
}
