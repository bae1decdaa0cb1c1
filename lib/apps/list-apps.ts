// The apps of one environment, or every app the caller may see.
import { db } from "@/lib/db";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { loadEnvironment } from "@/lib/environments";
import { pageArgs, pageQuery, parseInput, toPage, z } from "@/lib/validation";
import { APP_INCLUDE, toAppDto } from "./app-dto";

/** Apps of one environment, or every app the caller may see (`?environmentId=`). */
export async function listApps({ actor, environmentId, query }: { actor: Actor; environmentId?: unknown; query?: unknown }) {
  const q = parseInput(pageQuery.extend({ environmentId: z.string().max(64).optional() }), query ?? {});
  const envId = environmentId ?? q.environmentId;
  let where: object = tenantScope(actor);
  if (envId !== undefined) {
    const env = await loadEnvironment(actor, envId);
    authorize(actor, "app.read", { tenantId: env.tenantId, kind: "Environment" });
    // a shared environment: the viewing tenant's apps only (admins: all of them, issue 16)
    where = env.shared && !actor.platformAdmin ? { environmentId: env.id, tenantId: env.tenantId } : { environmentId: env.id };
  }
  const rows = await db.app.findMany({ where, include: APP_INCLUDE, orderBy: [{ name: "asc" }, { id: "asc" }], ...pageArgs(q) });
  const page = toPage(rows, q);
  const revisionIds = page.items.map((a) => a.currentRevisionId).filter((x): x is string => !!x);
  const numbers = new Map(
    revisionIds.length === 0
      ? []
      : (await db.appRevision.findMany({ where: { id: { in: revisionIds } }, select: { id: true, number: true } })).map((r) => [r.id, r.number]),
  );
  return { items: page.items.map((a) => toAppDto(a, a.currentRevisionId ? (numbers.get(a.currentRevisionId) ?? null) : null)), nextCursor: page.nextCursor };
}
