// The environment's port pool. Every published port is a lease row (environment, protocol, port),
// unique in the database, so two deploys can never publish the same port — however many run at
// once (T25). Explicit ports must be inside the pool and free; the rest (no published port, or a
// port remapped by `remapPorts`, which keeps the one it asked for as `requested`) are taken from
// the pool, lowest first, keeping a service's earlier ports stable across redeploys.
// planPorts is the same plan without writing anything (validate's dry run).
//
// Taking an automatic port is ONE statement (issue 20): an INSERT … SELECT of the lowest free port
// of the pool (the pool's first port or one above a lease, that no lease holds), so a deploy never
// reads the environment's leases to choose one, and its cost does not grow with them. The unique
// index (environment, protocol, port) is the guard: SQLite runs one writer at a time, and on
// PostgreSQL deploys of one environment hold its revisions lock (lib/apps submit-revision); a
// unique violation anyway is the "concurrent deploy" conflict. Only the leases that matter to the
// request are read: the services' own, and the holders of the ports it names explicitly.
import type { Tx } from "@/lib/db";
import { isUniqueViolation, Prisma } from "@/lib/db";
import { appError, AppError, problem, type ErrorDetail } from "@/lib/errors";
import type { PortSpec, Protocol } from "@/lib/compose/app-spec";
import { queryRows, rowId, sqlTime } from "@/lib/db/sql-rows";

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
  /** Automatic ports left to the database (deferAuto): `published` is filled when leased. */
  auto: { serviceId: string; serviceName: string; port: PortSpec; path: string; requestedPort: number | null }[];
}

export const PORT_POOL_MESSAGES = {
  outsidePool: (port: number, from: number, to: number) =>
    `Port ${port} is outside this environment's pool ${from}–${to}; publish a port from the pool or deploy with remapPorts: true.`,
  taken: (port: number, protocol: string, who: string) => `Port ${port}/${protocol} is already leased by ${who}.`,
  exhausted: (from: number, to: number) => `The environment's port pool ${from}–${to} is exhausted; ask an owner to widen it.`,
  concurrent: "A port was taken by a concurrent deploy; submit again.",
};

const key = (protocol: string, port: number) => `${protocol}/${port}`;

function plan(leases: LeaseRow[], env: PoolEnvironment, services: ServicePorts[], deferAuto = false): Plan {
  const serviceIds = new Set(services.map((s) => s.serviceId));
  const taken = new Map(leases.map((l) => [key(l.protocol, l.port), l]));
  const mine = leases.filter((l) => l.serviceId && serviceIds.has(l.serviceId));
  const keep = new Map<string, number | null>();
  const problems: ErrorDetail[] = [];
  const result = new Map<string, PortSpec[]>();
  const toCreate: NewLease[] = [];
  const auto: Plan["auto"] = [];

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
      if (deferAuto) {
        const spec: PortSpec = { ...p };
        auto.push({ serviceId: svc.serviceId, serviceName: svc.serviceName, port: spec, path, requestedPort: requested });
        out.push(spec);
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
  return { result, problems, toCreate, keep, release, auto };
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

/** The leases that matter to a request: the services' own and the holders of the ports it names. */
function readRelevantLeases(tx: Pick<Tx, "portLease">, envId: string, services: ServicePorts[]): Promise<LeaseRow[]> {
  const named = services.flatMap((s) => s.ports.flatMap((p) => (p.published === undefined ? [] : [{ protocol: p.protocol, port: p.published }])));
  return tx.portLease.findMany({
    where: { environmentId: envId, OR: [{ serviceId: { in: services.map((s) => s.serviceId) } }, ...named] },
    include: { service: { select: { name: true } } },
  });
}

/** One statement: the lowest free port of the pool for `protocol`, leased; null when the pool is full. */
async function leaseLowestFree(
  tx: Tx,
  env: PoolEnvironment,
  appId: string,
  a: { serviceId: string; protocol: string; targetPort: number; requestedPort: number | null },
): Promise<number | null> {
  const rows = await queryRows<{ port: number | bigint }>(
    tx,
    Prisma.sql`
    INSERT INTO "PortLease" ("id", "tenantId", "environmentId", "appId", "serviceId", "protocol", "port", "targetPort", "requestedPort", "createdAt")
    SELECT ${rowId()}, ${env.tenantId}, ${env.id}, ${appId}, ${a.serviceId}, ${a.protocol}, c."p", CAST(${a.targetPort} AS INTEGER), CAST(${a.requestedPort} AS INTEGER), ${sqlTime(new Date())}
    FROM (
      SELECT CAST(${env.portFrom} AS INTEGER) AS "p"
      UNION ALL
      SELECT l."port" + 1 FROM "PortLease" l
      WHERE l."environmentId" = ${env.id} AND l."protocol" = ${a.protocol} AND l."port" >= CAST(${env.portFrom} AS INTEGER) AND l."port" < CAST(${env.portTo} AS INTEGER)
    ) c
    WHERE NOT EXISTS (SELECT 1 FROM "PortLease" x WHERE x."environmentId" = ${env.id} AND x."protocol" = ${a.protocol} AND x."port" = c."p")
    ORDER BY c."p"
    LIMIT 1
    RETURNING "port"`,
  );
  return rows.length ? Number(rows[0].port) : null;
}

/** Leases every port of the given services of one app; returns the ports with `published` filled. */
export async function leasePorts(
  tx: Tx,
  env: PoolEnvironment,
  appId: string,
  services: ServicePorts[],
  o: { fresh?: boolean } = {},
): Promise<Map<string, PortSpec[]>> {
  if (!services.some((s) => s.ports.length)) {
    // nothing published: only the services' earlier leases may have to go
    const ids = services.map((s) => s.serviceId);
    if (ids.length) await tx.portLease.deleteMany({ where: { environmentId: env.id, serviceId: { in: ids } } });
    return new Map(services.map((s) => [s.serviceName, []]));
  }
  // `fresh`: the services were created in this transaction (no leases of their own); with no port
  // named explicitly there is nothing to read at all.
  const named = services.some((s) => s.ports.some((p) => p.published !== undefined));
  const p = plan(o.fresh && !named ? [] : await readRelevantLeases(tx, env.id, services), env, services, true);
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
    // after the explicit ones, so an automatic port never takes a port this request names
    for (const a of p.auto) {
      const port = await leaseLowestFree(tx, env, appId, {
        serviceId: a.serviceId,
        protocol: a.port.protocol,
        targetPort: a.port.target,
        requestedPort: a.requestedPort,
      });
      if (port === null)
        throwProblems([
          problem(a.path, "portErrors.exhausted", { from: env.portFrom, to: env.portTo }, PORT_POOL_MESSAGES.exhausted(env.portFrom, env.portTo)),
        ]);
      a.port.published = port!;
    }
  } catch (e) {
    // Another deploy took the port between our read and our write (multi-process PostgreSQL).
    if (isUniqueViolation(e) && !(e instanceof AppError)) throw appError("CONFLICT", "portErrors.concurrent", undefined, PORT_POOL_MESSAGES.concurrent);
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
