// A host's scheduling availability as the portal last set it (drain / active). Read from the
// portal's own audit rows of those actions rather than a column: swarm stays the truth about
// scheduling, and the hosts list never waits for an engine to answer.
import { db } from "@/lib/db";
import { tenantScope, type Actor } from "@/lib/policy";

export type HostAvailability = "active" | "drain";

export async function hostAvailabilities(actor: Actor, hostIds: string[]): Promise<Map<string, HostAvailability>> {
  const out = new Map<string, HostAvailability>();
  if (hostIds.length === 0) return out;
  const rows = await db.auditEvent.findMany({
    where: {
      AND: [tenantScope(actor), { targetType: "host" }, { targetId: { in: hostIds } }, { action: { in: ["host.drain", "host.activate"] } }, { result: "ok" }],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { targetId: true, action: true },
  });
  for (const r of rows) if (r.targetId && !out.has(r.targetId)) out.set(r.targetId, r.action === "host.drain" ? "drain" : "active");
  return out;
}
