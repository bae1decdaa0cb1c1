// The one path from compose text to a deployable revision, shared by create, redeploy, rollback
// and template/image deploys: parse → environment defaults → the ONE policy validator
// (checkCompose, revision-policy.ts) → rows for new services → port leases → an immutable revision
// row (phase pending) holding the resolved model. The deploy job judges that model again.
import type { Tx } from "@/lib/db";
import type { AppSpec, PolicyChecked } from "@/lib/compose";
import { leasePorts } from "@/lib/ports/lease-ports";
import { insertRows, rowId } from "@/lib/db/sql-rows";
import { revisionColumns, type AppVariables } from "./app-variables";
import type { DeployOptions } from "./revision-policy";

export { checkCompose } from "./revision-policy";

export interface RevisionEnvironment {
  id: string;
  tenantId: string;
  portFrom: number;
  portTo: number;
  defaultCpus: number;
  defaultMemoryMb: number;
  bindAllowList: string;
}

export interface PreparedRevision {
  /** The revision row's id, chosen before it is written (writeRevision). */
  revisionId: string;
  number: number;
  spec: AppSpec;
  /** The service rows this revision added (new to the app), as written. */
  created: { id: string; name: string; image: string; desiredReplicas: number }[];
  write(jobId: string): Promise<void>;
}

/**
 * Service rows for services new to the app and their port leases, then the revision — written by
 * `write(jobId)` once the deploy job exists, so the row is inserted once, already naming its job.
 * `newApp`: the app was created in this transaction (no services, no revisions to read).
 */
export async function prepareRevision(
  tx: Tx,
  o: {
    env: RevisionEnvironment;
    appId: string;
    newApp?: boolean;
    checked: PolicyChecked<AppSpec>;
    composeText: string;
    variables: AppVariables;
    options: DeployOptions;
    createdById: string | null;
  },
): Promise<PreparedRevision> {
  const spec = o.checked.copy();
  // The app keeps its service rows (its desired state) until this revision is healthy
  // (deploy-store.ts commitHealthy). Only services new to the app get a row now, because their
  // port leases need one; a revision that fails or is cancelled removes them again.
  const existing = o.newApp ? [] : await tx.service.findMany({ where: { appId: o.appId }, select: { id: true, name: true } });
  const ids = new Map(existing.map((s) => [s.name, s.id]));
  const created = spec.services
    .filter((s) => !ids.has(s.name))
    .map((s) => ({ id: rowId(), name: s.name, image: s.image, desiredReplicas: s.mode === "global" ? 0 : s.replicas }));
  const at = new Date();
  await insertRows(
    tx,
    "Service",
    created.map((c) => ({ ...c, tenantId: o.env.tenantId, environmentId: o.env.id, appId: o.appId, runningReplicas: 0, createdAt: at })),
  );
  for (const c of created) ids.set(c.name, c.id);
  const ports = await leasePorts(
    tx,
    o.env,
    o.appId,
    spec.services.map((s) => ({ serviceId: ids.get(s.name)!, serviceName: s.name, ports: s.ports })),
    { fresh: !!o.newApp },
  );
  const resolved: AppSpec = { ...spec, services: spec.services.map((s) => ({ ...s, ports: ports.get(s.name) ?? [] })) };
  const last = o.newApp ? null : await tx.appRevision.findFirst({ where: { appId: o.appId }, orderBy: { number: "desc" }, select: { number: true } });
  const number = (last?.number ?? 0) + 1;
  const revisionId = rowId();
  return {
    revisionId,
    number,
    spec: resolved,
    created,
    write: async (jobId) => {
      await insertRows(tx, "AppRevision", [
        {
          id: revisionId,
          appId: o.appId,
          tenantId: o.env.tenantId,
          number,
          composeText: o.composeText,
          ...revisionColumns(o.variables, JSON.stringify(resolved)),
          optionsJson: JSON.stringify(o.options),
          status: "pending",
          createdById: o.createdById,
          jobId,
          createdAt: new Date(),
        },
      ]);
    },
  };
}
