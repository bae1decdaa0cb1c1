import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { loadEnvironment } from "@/lib/environments";
import { id, parseInput } from "@/lib/validation";
import { toHostDto, type HostDto } from "./host-dto";
import { hostNodeStates } from "./host-availability";

export async function listHosts({ actor, environmentId }: { actor: Actor; environmentId: unknown }): Promise<{ items: HostDto[] }> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "host.read", { tenantId: env.tenantId, kind: "Environment" });
  const rows = await db.host.findMany({ where: { environmentId: env.id }, orderBy: { createdAt: "asc" } });
  const nodes = hostNodeStates(rows);
  const items = rows.map((h) => toHostDto(h, nodes.get(h.id)));
  // Tenants of a shared environment see its hosts' names and states, not their details (issue 16).
  if (env.shared && !actor.platformAdmin) return { items: items.map(namesOnly) };
  return { items };
}

export async function loadHost(actor: Actor, hostId: unknown) {
  const hid = parseInput(id, hostId);
  const host = await db.host.findFirst({ where: { AND: [{ id: hid }, tenantScope(actor)] } });
  if (!host) throw notFound("Host");
  return host;
}

export async function getHost({ actor, hostId }: { actor: Actor; hostId: unknown }): Promise<HostDto> {
  const host = await loadHost(actor, hostId);
  authorize(actor, "host.read", { tenantId: host.tenantId, kind: "Host" });
  return toHostDto(host, hostNodeStates([host]).get(host.id));
}

function namesOnly(h: HostDto): HostDto {
  return {
    ...h,
    endpoint: "",
    tls: false,
    sshHostKey: null,
    advertiseAddr: null,
    engineVersion: null,
    resources: { cpus: null, memoryBytes: null, os: null },
    lastError: null,
    labels: {},
  };
}
