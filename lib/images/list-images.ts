// Images the caller may pull, by scope. The visibility rules mirror lib/registry/access.ts: the
// index never lists what the registry would refuse to serve.
import { containsText, db } from "@/lib/db";
import { appError, notFound } from "@/lib/errors";
import { tenantScope, type Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import { toImageDto, type ImageDto, type ImageRow } from "./image-dto";

const SCOPES = ["official", "tenant", "personal", "market"] as const;
const query = z.object({ scope: z.enum(SCOPES).optional(), q: z.string().max(100).optional(), tenantId: z.string().max(64).optional() }).strict();

/** `where` for the images an actor may see (official and market: everyone signed in). */
export function visibleImages(actor: Actor, scope: ReturnType<typeof tenantScope>) {
  return { OR: [{ scope: { in: ["official", "market"] } }, { AND: [{ scope: "tenant" }, scope] }, { scope: "personal", ownerId: actor.userId }] };
}

async function withPushers(rows: ImageRow[]): Promise<ImageDto[]> {
  const ids = [...new Set(rows.map((r) => r.pushedById).filter((x): x is string => !!x))];
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, name: true } });
  return rows.map((r) => toImageDto(r, new Map(users.map((u) => [u.id, u]))));
}

export async function listImages({ actor, query: raw }: { actor: Actor; query?: unknown }): Promise<ImageDto[]> {
  const f = parseInput(query, raw ?? {});
  const rows = await db.image.findMany({
    where: {
      AND: [
        visibleImages(actor, tenantScope(actor)),
        f.scope ? { scope: f.scope } : {},
        f.tenantId ? { tenantId: f.tenantId } : {},
        f.q ? { OR: [{ repository: containsText(f.q.toLowerCase()) }, { description: containsText(f.q) }] } : {},
      ],
    },
    orderBy: [{ repository: "asc" }, { updatedAt: "desc" }],
    take: 500,
  });
  return withPushers(rows);
}

/** One image the actor may see, or NOT_FOUND (same answer for "missing" and "not yours"). */
export async function loadImage(actor: Actor, imageId: unknown) {
  if (typeof imageId !== "string" || imageId.length > 64) throw appError("VALIDATION", "imageErrors.invalidId", undefined, "Invalid image id.");
  const row = await db.image.findFirst({ where: { AND: [{ id: imageId }, visibleImages(actor, tenantScope(actor))] } });
  if (!row) throw notFound("Image");
  return row;
}

export async function getImage({ actor, imageId }: { actor: Actor; imageId: unknown }): Promise<ImageDto> {
  const row = await loadImage(actor, imageId);
  return (await withPushers([row]))[0];
}
