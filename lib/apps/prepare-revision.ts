// The one path from compose text to a deployable revision, shared by create, redeploy, rollback
// and template/image deploys: parse → environment defaults → the ONE policy validator
// (checkCompose, revision-policy.ts) → rows for new services → port leases → an immutable revision
// row (phase pending) holding the resolved model. The deploy job judges that model again.
import type { Tx } from "@/lib/db";
import type { AppSpec, PolicyChecked } from "@/lib/compose";
import { leasePorts } from "@/lib/ports/lease-ports";
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

export async function prepareRevision(
  tx: Tx,
  o: {
    env: RevisionEnvironment;
    appId: string;
    checked: PolicyChecked<AppSpec>;
    composeText: string;
    variables: AppVariables;
    options: DeployOptions;
    createdById: string | null;
  },
): Promise<{ revisionId: string; number: number; spec: AppSpec }> {
  const spec = o.checked.copy();
  // The app keeps its service rows (its desired state) until this revision is healthy
  // (deploy-store.ts commitHealthy). Only services new to the app get a row now, because their
  // port leases need one; a revision that fails or is cancelled removes them again.
  const existing = await tx.service.findMany({ where: { appId: o.appId } });
  const ids = new Map(existing.map((s) => [s.name, s.id]));
  for (const s of spec.services) {
    if (ids.has(s.name)) continue;
    const row = await tx.service.create({
      data: {
        tenantId: o.env.tenantId,
        environmentId: o.env.id,
        appId: o.appId,
        name: s.name,
        image: s.image,
        desiredReplicas: s.mode === "global" ? 0 : s.replicas,
      },
    });
    ids.set(s.name, row.id);
  }
  const ports = await leasePorts(
    tx,
    o.env,
    o.appId,
    spec.services.map((s) => ({ serviceId: ids.get(s.name)!, serviceName: s.name, ports: s.ports })),
  );
  const resolved: AppSpec = { ...spec, services: spec.services.map((s) => ({ ...s, ports: ports.get(s.name) ?? [] })) };
  const last = await tx.appRevision.findFirst({ where: { appId: o.appId }, orderBy: { number: "desc" } });
  const number = (last?.number ?? 0) + 1;
  const rev = await tx.appRevision.create({
    data: {
      appId: o.appId,
      tenantId: o.env.tenantId,
      number,
      composeText: o.composeText,
      ...revisionColumns(o.variables, JSON.stringify(resolved)),
      optionsJson: JSON.stringify(o.options),
      status: "pending",
      createdById: o.createdById,
    },
  });
  return { revisionId: rev.id, number, spec: resolved };
}
