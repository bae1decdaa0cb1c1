// GET /containers/{id}: the container row plus, when its host answers, an inspect summary. Env
// values are never returned (keys only): they often hold secrets.
import { db } from "@/lib/db";
import type { Actor } from "@/lib/policy";
import { engineCall, hostUnreachable, resolveContainer } from "./resolve-container";
import { loadContainerRow } from "./resolve-container";

export interface ContainerDetailsDto {
  id: string;
  tenantId: string;
  serviceId: string;
  serviceName: string;
  appId: string;
  appName: string;
  slot: number | null;
  state: string;
  desiredState: string;
  error: string | null;
  host: { id: string; name: string } | null;
  updatedAt: string;
  inspect: {
    image: string;
    status: string;
    startedAt: string;
    user: string;
    workingDir: string;
    command: string[];
    envKeys: string[];
    ports: { published: number; target: number; protocol: string }[];
    mounts: { type: string; source: string; destination: string; readOnly: boolean }[];
    networks: string[];
  } | null;
  inspectError: string | null;
}

export async function getContainer({ actor, containerId }: { actor: Actor; containerId: unknown }): Promise<ContainerDetailsDto> {
  const row = await loadContainerRow(actor, containerId, "container.read");
  const [svc, host] = await Promise.all([
    db.service.findFirst({ where: { AND: [{ id: row.serviceId }, { tenantId: row.tenantId }] }, include: { app: true, portLeases: true } }),
    row.hostId ? db.host.findFirst({ where: { AND: [{ id: row.hostId }, { tenantId: row.tenantId }] }, select: { id: true, name: true } }) : null,
  ]);
  let inspect: ContainerDetailsDto["inspect"] = null;
  let inspectError: string | null = null;
  try {
    const c = await resolveContainer({ actor, containerId: row.id, permission: "container.read", timeoutMs: 5_000 });
    const d = await engineCall(() => c.engine.inspectContainer(c.engineId));
    inspect = {
      image: svc?.image ?? d.image,
      status: d.state.status,
      startedAt: d.state.startedAt,
      user: d.config.user || "(image default)",
      workingDir: d.config.workingDir,
      command: [...d.config.entrypoint, ...d.config.cmd],
      envKeys: d.config.env.map((e) => e.split("=")[0]).sort(),
      ports: (svc?.portLeases ?? []).map((p) => ({ published: p.port, target: p.targetPort, protocol: p.protocol })),
      mounts: d.mounts.map((m) => ({
        type: m.type,
        source: m.type === "volume" ? (m.name ?? m.source) : m.source,
        destination: m.destination,
        readOnly: m.readOnly,
      })),
      networks: Object.keys(d.networks),
    };
  } catch (e) {
    inspectError = e instanceof Error && "details" in e ? e.message : hostUnreachable().message;
  }
  return {
    id: row.id,
    tenantId: row.tenantId,
    serviceId: row.serviceId,
    serviceName: svc?.name ?? "",
    appId: svc?.appId ?? "",
    appName: svc?.app.name ?? "",
    slot: row.slot,
    state: row.state,
    desiredState: row.desiredState,
    error: row.error,
    host,
    updatedAt: row.updatedAt.toISOString(),
    inspect,
    inspectError,
  };
}
