// Who sees and who changes a template. Official and market templates: everyone signed in reads
// them, platform admins change them. Tenant templates: the tenant's roles (read: viewers, change:
// members). Personal templates: their owner alone. The scope is part of every query.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";

export const TEMPLATE_SCOPES = ["official", "tenant", "personal", "market"] as const;
export type TemplateScope = (typeof TEMPLATE_SCOPES)[number];

/** `where` for the templates an actor may see. */
export function visibleTemplates(actor: Actor, scope: ReturnType<typeof tenantScope>) {
  return {
    OR: [{ scope: { in: ["official", "market"] } }, { AND: [{ scope: "tenant" }, scope] }, { scope: "personal", ownerId: actor.userId }],
  };
}

export type TemplateRow = NonNullable<Awaited<ReturnType<typeof db.template.findFirst>>>;

/** One template the actor may see, with its versions (oldest first), or NOT_FOUND. */
export async function loadTemplate(actor: Actor, templateId: unknown) {
  const tid = parseInput(id, templateId);
  const row = await db.template.findFirst({
    where: { AND: [{ id: tid }, visibleTemplates(actor, tenantScope(actor))] },
    include: { versions: { orderBy: { ordinal: "asc" } } },
  });
  if (!row) throw notFound("Template");
  return row;
}

/** Throws unless the actor may change this template (edit, delete, add versions, publish). */
export function authorizeManage(actor: Actor, t: { scope: string; tenantId: string | null; ownerId: string | null }): void {
  if (t.scope === "official" || t.scope === "market") authorize(actor, "template.official.manage");
  else if (t.scope === "tenant") authorize(actor, "template.manage", { tenantId: t.tenantId!, kind: "Template" });
  else if (t.ownerId !== actor.userId) authorize(actor, "template.official.manage");
}
