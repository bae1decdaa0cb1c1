// Reading the store: the templates the caller may see (with search and category filter), and one
// template with every version's compose, questions and image availability.
import { db } from "@/lib/db";
import { tenantScope, type Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import { TEMPLATE_SCOPES, loadTemplate, visibleTemplates } from "./template-access";
import { toTemplateDto, toVersionDto, type TemplateDto, type TemplateVersionDto } from "./template-dto";
import { templateImages } from "./template-images";
import { ensureStarterCatalog } from "./starter-catalog";

const query = z
  .object({
    scope: z.enum(TEMPLATE_SCOPES).optional(),
    q: z.string().max(100).optional(),
    category: z.string().max(60).optional(),
    tenantId: z.string().max(64).optional(),
  })
  .strict();

export async function listTemplates({ actor, query: raw }: { actor: Actor; query?: unknown }): Promise<{ items: TemplateDto[] }> {
  const f = parseInput(query, raw ?? {});
  await ensureStarterCatalog(db);
  const rows = await db.template.findMany({
    where: {
      AND: [
        visibleTemplates(actor, tenantScope(actor)),
        f.scope ? { scope: f.scope } : {},
        f.tenantId ? { tenantId: f.tenantId } : {},
        f.category ? { category: f.category } : {},
        f.q ? { OR: [{ name: { contains: f.q } }, { description: { contains: f.q } }, { category: { contains: f.q } }] } : {},
      ],
    },
    include: { versions: true },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    take: 500,
  });
  return { items: rows.map(toTemplateDto) };
}

export interface TemplateDetailDto extends TemplateDto {
  versionDetails: TemplateVersionDto[];
}

export async function getTemplate({ actor, templateId }: { actor: Actor; templateId: unknown }): Promise<TemplateDetailDto> {
  const t = await loadTemplate(actor, templateId);
  const versionDetails = await Promise.all(t.versions.map(async (v) => toVersionDto(v, await templateImages(actor, v.composeText))));
  return { ...toTemplateDto(t), versionDetails };
}
