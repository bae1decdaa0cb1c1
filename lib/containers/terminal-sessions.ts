// GET /terminal-sessions?tenantId=: the audit trail of web terminals of a tenant (owners, admins).
import { db } from "@/lib/db";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id, pageArgs, pageQuery, parseInput, toPage } from "@/lib/validation";

const query = pageQuery.extend({ tenantId: id, containerId: id.optional() }).strict();

export async function listTerminalSessions({ actor, query: raw }: { actor: Actor; query: unknown }) {
  const q = parseInput(query, raw ?? {});
  authorize(actor, "terminal.read", { tenantId: q.tenantId, kind: "Tenant" });
  const rows = await db.terminalSession.findMany({
    where: { AND: [{ tenantId: q.tenantId }, tenantScope(actor), ...(q.containerId ? [{ containerId: q.containerId }] : [])] },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    ...pageArgs(q),
  });
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.userId))] } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]),
  );
  const page = toPage(rows, q);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      tenantId: r.tenantId,
      user: { id: r.userId, email: users.get(r.userId) ?? null },
      containerId: r.containerId,
      hostId: r.hostId,
      shell: r.shell,
      startedAt: r.startedAt.toISOString(),
      endedAt: r.endedAt?.toISOString() ?? null,
      bytesIn: r.bytesIn,
      bytesOut: r.bytesOut,
      exitCode: r.exitCode,
      endReason: r.endReason,
    })),
    nextCursor: page.nextCursor,
  };
}
