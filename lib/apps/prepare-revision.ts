// The one path from compose text to a deployable revision, shared by create, redeploy, rollback
// (and template deploys later): parse → environment defaults → the ONE policy validator
// (checkCompose, revision-policy.ts) → service rows → port leases → an immutable revision row
// holding the resolved model. The deploy job judges that model again when it applies it.
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
  const existing = await tx.service.findMany({ where: { appId: o.appId } });
  const wanted = new Set(spec.services.map((s) => s.name));
  const gone = existing.filter((s) => !wanted.has(s.name)).map((s) => s.id);
  if (gone.length) {
    await tx.portLease.deleteMany({ where: { serviceId: { in: gone } } });
    await tx.service.deleteMany({ where: { id: { in: gone } } });
  }
  const ids = new Map(existing.map((s) => [s.name, s.id]));
  for (const s of spec.services) {
    const row = ids.has(s.name)
      ? await tx.service.update({ where: { id: ids.get(s.name)! }, data: { image: s.image, desiredReplicas: s.replicas } })
      : await tx.service.create({
          data: { tenantId: o.env.tenantId, environmentId: o.env.id, appId: o.appId, name: s.name, image: s.image, desiredReplicas: s.replicas },
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
