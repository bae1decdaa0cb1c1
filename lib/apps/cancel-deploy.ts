// Cancel the app's deploy in flight, at any phase: the request is persisted on the revision; the
// deploy job (deploy-machine.ts) sees it between steps and while waiting, stops the rolling update,
// restores the previous revision (or removes what a first deploy created), gives back the leases
// it took and ends as `cancelled`. Answers the deploy's job id; 409 when nothing is in flight.
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import type { DeployUseCaseDeps } from "./deploy-deps";
import { loadApp } from "./load-app";

export async function cancelDeploy({
  actor,
  appId,
  deps,
}: {
  actor: Actor;
  appId: unknown;
  deps: Pick<DeployUseCaseDeps, "db" | "clock">;
}): Promise<{ jobId: string; revision: number }> {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
  return deps.db.$transaction(async (tx) => {
    const rev = await tx.appRevision.findFirst({
      where: { appId: app.id, tenantId: app.tenantId, phase: { notIn: ["healthy", "failed", "cancelled"] } },
      orderBy: { number: "desc" },
    });
    if (!rev) throw new AppError("CONFLICT", "No deploy of this app is in progress.", undefined, { i18n: { key: "deployment.errors.nothingToCancel" } });
    if (!rev.cancelRequestedAt) {
      await tx.appRevision.update({ where: { id: rev.id }, data: { cancelRequestedAt: deps.clock.now() } });
      await recordAudit(tx, { actor, tenantId: app.tenantId, action: "app.cancel", targetType: "app", targetId: app.id, details: { revision: rev.number } });
    }
    return { jobId: rev.jobId ?? "", revision: rev.number };
  });
}
