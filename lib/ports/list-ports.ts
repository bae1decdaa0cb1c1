import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { loadEnvironment } from "@/lib/environments";

export interface PortLeaseDto {
  port: number;
  protocol: string;
  targetPort: number;
  app: { id: string; name: string } | null;
  service: { id: string; name: string } | null;
}

export async function listPortLeases({
  actor,
  environmentId,
}: {
  actor: Actor;
  environmentId: unknown;
}): Promise<{ range: { from: number; to: number }; items: PortLeaseDto[] }> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "environment.read", { tenantId: env.tenantId, kind: "Environment" });
  const leases = await db.portLease.findMany({
    // a shared environment: the viewing tenant's leases only (admins: all, issue 16)
    where: env.shared && !actor.platformAdmin ? { environmentId: env.id, tenantId: env.tenantId } : { environmentId: env.id },
    include: { service: { include: { app: true } } },
    orderBy: [{ port: "asc" }, { protocol: "asc" }],
  });
  return {
    range: { from: env.portFrom, to: env.portTo },
    items: leases.map((l) => ({
      port: l.port,
      protocol: l.protocol,
      targetPort: l.targetPort,
      app: l.service ? { id: l.service.app.id, name: l.service.app.name } : null,
      service: l.service ? { id: l.service.id, name: l.service.name } : null,
    })),
  };
}
