// The environment's port pool. Every published port is a lease row (environment, protocol, port),
// unique in the database, so two deploys can never publish the same port — however many run at
// once (T25). Explicit ports must be inside the pool and free; the rest (no published port, or a
// port remapped by `remapPorts`, which keeps the one it asked for as `requested`) are taken from
// the pool, lowest first, keeping a service's earlier ports stable across redeploys.
// planPorts is the same plan without writing anything (validate's dry run).
import type { Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db";
import { appError, AppError, problem, type ErrorDetail } from "@/lib/errors";
import type { PortSpec, Protocol } from "@/lib/compose/app-spec";

export interface PoolEnvironment {
  id: string;
  tenantId: string;
  portFrom: number;
  portTo: number;
}

export interface ServicePorts {
  /** The service row's id; for a service that has no row yet (validate of a new app) any id that
   * matches no row. */
  serviceId: string;
  serviceName: string;
  ports: PortSpec[];
}

type LeaseRow = {
  id: string;
  serviceId: string | null;
  protocol: string;
  port: number;
  targetPort: number;
  requestedPort: number | null;
  tenantId?: string;
  service: { name: string } | null;
};
type NewLease = { serviceId: string; protocol: Protocol; port: number; targetPort: number; requestedPort: number | null };

interface Plan {
  result: Map<string, PortSpec[]>;
  problems: ErrorDetail[];
  toCreate: NewLease[];
  /** Leases kept, with the requested port they should now record. */
  keep: Map<string, number | null>;
  release: string[];
}

export const PORT_POOL_MESSAGES = {
  outsidePool: (port: number, from: number, to: number) =>
    `Port ${port} is outside this environment's pool ${from}–${to}; publish a port from the pool or deploy with remapPorts: true.`,
  taken: (port: number, protocol: string, who: string) => `Port ${port}/${protocol} is already leased by ${who}.`,
  exhausted: (from: number, to: number) => `The environment's port pool ${from}–${to} is exhausted; ask an owner to widen it.`,
  concurrent: "A port was taken by a concurrent deploy; submit again.",
};

const key = (protocol: string, port: number) => `${protocol}/${port}`;

function plan(leases: LeaseRow[], env: PoolEnvironment, services: ServicePorts[]): Plan {
  const serviceIds = new Set(services.map((s) => s.serviceId));
  const taken = new Map(leases.map((l) => [key(l.protocol, l.port), l]));
  const mine = leases.filter((l) => l.serviceId && serviceIds.has(l.serviceId));
  const keep = new Map<string, number | null>();
  const problems: ErrorDetail[] = [];
  const result = new Map<string, PortSpec[]>();
  const toCreate: NewLease[] = [];

  for (const svc of services) {
    const out: PortSpec[] = [];
    svc.ports.forEach((p, i) => {
      const path = `services.${svc.serviceName}.ports[${i}]`;
      const requested = p.requested ?? null;
      if (p.published !== undefined) {
        if (p.published < env.portFrom || p.published > env.portTo) {
          problems.push(
            problem(
              path,
              "portErrors.outsidePool",
              { port: p.published, from: env.portFrom, to: env.portTo },
              PORT_POOL_MESSAGES.outsidePool(p.published, env.portFrom, env.portTo),
              "port-range",
            ),
          );
          return;
        }
        const holder = taken.get(key(p.protocol, p.published));
        if (holder && holder.serviceId !== svc.serviceId) {
          // another tenant's service is never named (shared environments, issue 16)
          const who = holder.service && holder.tenantId === env.tenantId ? `service "${holder.service.name}"` : "another app";
          const message = PORT_POOL_MESSAGES.taken(p.published, p.protocol, who);
          problems.push(
            holder.service && holder.tenantId === env.tenantId
              ? problem(path, "portErrors.takenByService", { port: p.published, protocol: p.protocol, service: holder.service.name }, message)
              : problem(path, "portErrors.takenByOther", { port: p.published, protocol: p.protocol }, message),
          );
          return;
        }
        if (!holder) toCreate.push({ serviceId: svc.serviceId, protocol: p.protocol, port: p.published, targetPort: p.target, requestedPort: requested });
        else keep.set(holder.id, requested);
        out.push({ ...p });
        return;
      }
      // Auto: reuse this service's earlier lease for the same target, else the lowest free port.
      const prior = mine.find((l) => l.serviceId === svc.serviceId && l.protocol === p.protocol && l.targetPort === p.target && !keep.has(l.id));
      if (prior) {
        keep.set(prior.id, requested);
        out.push({ ...p, published: prior.port });
        return;
      }
      let port = env.portFrom;
      while (port <= env.portTo && (taken.has(key(p.protocol, port)) || toCreate.some((c) => c.protocol === p.protocol && c.port === port))) port++;
      if (port > env.portTo) {
        problems.push(problem(path, "portErrors.exhausted", { from: env.portFrom, to: env.portTo }, PORT_POOL_MESSAGES.exhausted(env.portFrom, env.portTo)));
        return;
      }
      toCreate.push({ serviceId: svc.serviceId, protocol: p.protocol, port, targetPort: p.target, requestedPort: requested });
      out.push({ ...p, published: port });
    });
    result.set(svc.serviceName, out);
  }
  const release = mine.filter((l) => !keep.has(l.id)).map((l) => l.id);
  // Which kept leases change their recorded requested port (a remap added or dropped).
  for (const [id, requested] of [...keep]) if (leases.find((l) => l.id === id)?.requestedPort === requested) keep.delete(id);
  return { result, problems, toCreate, keep, release };
}

const readLeases = (tx: Pick<Tx, "portLease">, envId: string): Promise<LeaseRow[]> =>
  tx.portLease.findMany({ where: { environmentId: envId }, include: { service: { select: { name: true } } } });

function throwProblems(problems: ErrorDetail[]): void {
  // the first problem is the message (each one is a detail at its port)
  if (problems.length > 0)
    throw new AppError("CONFLICT", problems.map((p) => p.message).join(" "), problems, {
      i18n: { key: problems[0].key ?? "errors.CONFLICT", params: problems[0].params },
    });
}

/** Leases every port of the given services of one app; returns the ports with `published` filled. */
export async function leasePorts(tx: Tx, env: PoolEnvironment, appId: string, services: ServicePorts[]): Promise<Map<string, PortSpec[]>> {
  const p = plan(await readLeases(tx, env.id), env, services);
  throwProblems(p.problems);
  // Release what these services no longer publish, then take the new ones.
  if (p.release.length) await tx.portLease.deleteMany({ where: { id: { in: p.release } } });
  for (const [id, requestedPort] of p.keep) await tx.portLease.update({ where: { id }, data: { requestedPort } });
  try {
    for (const c of p.toCreate) {
      await tx.portLease.create({
        data: {
          tenantId: env.tenantId,
          environmentId: env.id,
          appId,
          serviceId: c.serviceId,
          protocol: c.protocol,
          port: c.port,
          targetPort: c.targetPort,
          requestedPort: c.requestedPort,
        },
      });
    }
  } catch (e) {
    // Another deploy took the port between our read and our write (multi-process PostgreSQL).
    if (isUniqueViolation(e)) throw appError("CONFLICT", "portErrors.concurrent", undefined, PORT_POOL_MESSAGES.concurrent);
    throw e;
  }
  return p.result;
}

/**
 * The ports leasePorts would give these services now, writing nothing (validate). The answer may
 * differ from a later deploy's when another deploy takes a port in between.
 */
export async function planPorts(reader: Pick<Tx, "portLease">, env: PoolEnvironment, services: ServicePorts[]): Promise<Map<string, PortSpec[]>> {
  const p = plan(await readLeases(reader, env.id), env, services);
  throwProblems(p.problems);
  return p.result;
}

export async function releaseAppPorts(tx: Tx, appId: string): Promise<number> {
  const r = await tx.portLease.deleteMany({ where: { appId } });
  return r.count;
}
