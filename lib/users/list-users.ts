import { containsText, db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { pageArgs, pageQuery, parseInput, toPage, z } from "@/lib/validation";
import { toUserDto } from "./user-dto";

export async function listUsers({ actor, query }: { actor: Actor; query?: unknown }) {
  authorize(actor, "user.read");
  const q = parseInput(pageQuery.extend({ q: z.string().max(200).optional() }), query ?? {});
  const rows = await db.user.findMany({
    where: q.q ? { OR: [{ email: containsText(q.q) }, { name: containsText(q.q) }] } : {},
    orderBy: { email: "asc" },
    ...pageArgs(q),
  });
  const page = toPage(rows, q);
  return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
}
