// Import a Rancher 1.x catalog archive (.tar.gz, .tar or .zip): each template folder becomes one
// template with its versions, in the official scope (platform admins), a tenant's or the caller's
// own. Importing again refreshes: versions already there are kept as they are (immutable), new
// ones are added. The answer is the per-version report (mapped, ignored, refused).
import { db } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, z } from "@/lib/validation";
import { readArchive } from "./safe-archive";
import { parseRancherCatalog, type VersionReport } from "./rancher-catalog";

const query = z.object({ scope: z.enum(["official", "tenant", "personal"]).optional(), tenantId: z.string().max(64).optional() }).strict();

export interface ImportReport {
  templates: { id: string; name: string; folder: string; versions: (VersionReport & { existing?: boolean })[] }[];
}

export async function importCatalog({ actor, query: raw, archive }: { actor: Actor; query: unknown; archive: Buffer }): Promise<ImportReport> {
  const q = parseInput(query, raw ?? {});
  const scope = q.scope ?? (actor.platformAdmin ? "official" : "personal");
  if (scope === "official") authorize(actor, "template.official.manage");
  else if (scope === "tenant") {
    if (!q.tenantId)
      throw appError("VALIDATION", "templateErrors.chooseTenantImport", undefined, "Choose the tenant that shares these templates.", {
        details: [problem("tenantId", "fieldErrors.required", undefined, "Required")],
      });
    authorize(actor, "template.manage", { tenantId: q.tenantId, kind: "Tenant" });
  }
  const parsed = parseRancherCatalog(await readArchive(archive));
  if (parsed.length === 0)
    throw appError(
      "VALIDATION",
      "templateErrors.noCatalog",
      undefined,
      "No Rancher catalog template in this archive (templates/<name>/config.yml with numbered version folders).",
      { details: [problem("archive", "fieldErrors.noTemplate", undefined, "No template found")] },
    );
  const owner = scope === "tenant" ? q.tenantId! : scope === "personal" ? actor.userId : "";
  const out: ImportReport = { templates: [] };
  for (const p of parsed) {
    const catalogKey = `import:${scope}:${owner}:${p.folder}`;
    const entry = await db.$transaction(async (tx) => {
      const meta = {
        name: p.name.slice(0, 80),
        description: p.description.slice(0, 2000),
        category: p.category.slice(0, 60),
        maintainer: p.maintainer.slice(0, 200),
        readme: p.readme.slice(0, 100_000),
        icon: p.icon,
      };
      const existing = await tx.template.findUnique({ where: { catalogKey }, include: { versions: true } });
      const t = existing
        ? await tx.template.update({ where: { id: existing.id }, data: meta, include: { versions: true } })
        : await tx.template.create({
            data: {
              ...meta,
              scope,
              tenantId: scope === "tenant" ? q.tenantId! : null,
              ownerId: scope === "personal" ? actor.userId : null,
              catalogKey,
              createdById: actor.userId,
            },
            include: { versions: true },
          });
      const versions: (VersionReport & { existing?: boolean })[] = [];
      for (const r of p.report) {
        const v = p.versions.find((x) => x.version === r.version && r.status === "imported");
        if (v && t.versions.some((x) => x.version === v.version)) {
          versions.push({ ...r, existing: true });
          continue;
        }
        if (v)
          await tx.templateVersion.create({
            data: {
              templateId: t.id,
              version: v.version,
              ordinal: v.ordinal,
              composeText: v.compose,
              questionsJson: JSON.stringify(v.questions),
              upgradeFrom: v.upgradeFrom,
              notes: v.notes.slice(0, 10_000),
            },
          });
        versions.push(r);
      }
      await recordAudit(tx, {
        actor,
        tenantId: t.tenantId,
        action: "template.import",
        targetType: "template",
        targetId: t.id,
        details: { folder: p.folder, scope, versions: versions.map((v) => `${v.version ?? v.folder}:${v.existing ? "existing" : v.status}`) },
      });
      return { id: t.id, name: t.name, folder: p.folder, versions };
    });
    out.templates.push(entry);
  }
  return out;
}
