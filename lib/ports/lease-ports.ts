// The environment's port pool. Every published port is a lease row (environment, protocol, port),
// unique in the database, so two deploys can never publish the same port — however many run at
// once (T25). Explicit ports must be inside the pool and free; the rest are taken from the pool,
// lowest first, keeping a service's earlier ports stable across redeploys.
import type { Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db";
import { AppError, type ErrorDetail } from "@/lib/errors";
import type { PortSpec, Protocol } from "@/lib/compose/app-spec";

export interface PoolEnvironment {
  id: string;
  tenantId: string;
  portFrom: number;
  portTo: number;
}

export interface ServicePorts {
  serviceId: string;
  serviceName: string;
  ports: PortSpec[];
}

const key = (protocol: string, port: number) => `${protocol}/${port}`;

/** Leases every port of the given services of one app; returns the ports with `published` filled. */
export async function leasePorts(
  tx: Tx,
  env: PoolEnvironment,
  appId: string,
  services: ServicePorts[],
): Promise<Map<string, PortSpec[]>> {
  const leases = await tx.portLease.findMany({ where: { environmentId: env.id }, include: { service: { select: { name: true, appId: true } } } });
  const serviceIds = new Set(services.map((s) => s.serviceId));
  const taken = new Map(leases.map((l) => [key(l.protocol, l.port), l]));
  const mine = leases.filter((l) => l.serviceId && serviceIds.has(l.serviceId));
  const keep = new Set<string>();
  const problems: ErrorDetail[] = [];
  const result = new Map<string, PortSpec[]>();
  const toCreate: { serviceId: string; protocol: Protocol; port: number; targetPort: number }[] = [];

  for (const svc of services) {
    const out: PortSpec[] = [];
    svc.ports.forEach((p, i) => {
      const path = `services.${svc.serviceName}.ports[${i}]`;
      if (p.published !== undefined) {
        if (p.published < env.portFrom || p.published > env.portTo) {
          problems.push({ path, message: `Port ${p.published} is outside this environment's pool ${env.portFrom}-${env.portTo}.`, rule: "port-range" });
          return;
        }
        const holder = taken.get(key(p.protocol, p.published));
        if (holder && holder.serviceId !== svc.serviceId) {
          const who = holder.service ? `service "${holder.service.name}"` : "another app";
          problems.push({ path, message: `Port ${p.published}/${p.protocol} is already leased by ${who}.` });
          return;
        }
        if (!holder) toCreate.push({ serviceId: svc.serviceId, protocol: p.protocol, port: p.published, targetPort: p.target });
        else keep.add(holder.id);
        out.push({ ...p });
        return;
      }
      // Auto: reuse this service's earlier lease for the same target, else the lowest free port.
      const prior = mine.find((l) => l.serviceId === svc.serviceId && l.protocol === p.protocol && l.targetPort === p.target && !keep.has(l.id));
      if (prior) {
        keep.add(prior.id);
        out.push({ ...p, published: prior.port });
        return;
      }
      let port = env.portFrom;
      while (port <= env.portTo && (taken.has(key(p.protocol, port)) || toCreate.some((c) => c.protocol === p.protocol && c.port === port))) port++;
      if (port > env.portTo) {
        problems.push({ path, message: `The environment's port pool ${env.portFrom}-${env.portTo} is exhausted; ask an owner to widen it.` });
        return;
      }
      toCreate.push({ serviceId: svc.serviceId, protocol: p.protocol, port, targetPort: p.target });
      out.push({ ...p, published: port });
    });
    result.set(svc.serviceName, out);
  }
  if (problems.length > 0) throw new AppError("CONFLICT", problems.map((p) => p.message).join(" "), problems);

  // Release what these services no longer publish, then take the new ones.
  const release = mine.filter((l) => !keep.has(l.id)).map((l) => l.id);
  if (release.length) await tx.portLease.deleteMany({ where: { id: { in: release } } });
  try {
    for (const c of toCreate) {
      await tx.portLease.create({ data: { tenantId: env.tenantId, environmentId: env.id, appId, serviceId: c.serviceId, protocol: c.protocol, port: c.port, targetPort: c.targetPort } });
    }
  } catch (e) {
    // Another deploy took the port between our read and our write (multi-process PostgreSQL).
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "A port was taken by a concurrent deploy; submit again.");
    throw e;
  }
  return result;
}

export async function releaseAppPorts(tx: Tx, appId: string): Promise<number> {
  const r = await tx.portLease.deleteMany({ where: { appId } });
  return r.count;
}
