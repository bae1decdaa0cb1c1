// Drain a host (swarm moves its tasks to the other hosts and schedules nothing new there) or make
// it active again. Tasks do not move back by themselves: restarting a service spreads it again.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import { managerEngine } from "./host-engine";
import { toHostDto, type HostDto } from "./host-dto";
import { loadHost } from "./list-hosts";

const input = z.object({ availability: z.enum(["active", "drain"]) }).strict();

export async function setHostAvailability({ actor, hostId, input: raw }: { actor: Actor; hostId: unknown; input: unknown }): Promise<HostDto> {
  const host = await loadHost(actor, hostId);
  authorize(actor, "host.manage", { tenantId: host.tenantId, kind: "Host" });
  const { availability } = parseInput(input, raw);
  if (!host.nodeId || host.status === "pending" || host.status === "removing")
    throw new AppError("CONFLICT", "This host is not part of the swarm yet (or is leaving it).", undefined, { i18n: { key: "day2Errors.hostNotInSwarm" } });
  const { engine } = await managerEngine(host.environmentId);
  await engine.updateNode(host.nodeId, { availability });
  const node = await engine.inspectNode(host.nodeId);
  await db.host.update({ where: { id: host.id }, data: { availability: node.availability, labels: JSON.stringify(node.labels ?? {}) } });
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actor,
      tenantId: host.tenantId,
      action: availability === "drain" ? "host.drain" : "host.activate",
      targetType: "host",
      targetId: host.id,
    }),
  );
  return toHostDto(host, { availability: node.availability, labels: node.labels ?? {} });
}
