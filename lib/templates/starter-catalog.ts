// Puts the shipped starter catalog into the database once per process (idempotent across
// processes: keyed by catalogKey). Existing rows are never overwritten: an admin's edits stay.
import { isUniqueViolation, type Db } from "@/lib/db";
import { STARTER_TEMPLATES } from "./starter/starter-templates";

let done = false;

export async function ensureStarterCatalog(client: Db): Promise<void> {
  if (done) return;
  const keys = STARTER_TEMPLATES.map((s) => s.key);
  const present = await client.template.findMany({ where: { catalogKey: { in: keys } }, select: { catalogKey: true } });
  for (const s of STARTER_TEMPLATES) {
    if (present.some((p) => p.catalogKey === s.key)) continue;
    try {
      await client.template.create({
        data: {
          scope: "official",
          name: s.name,
          category: s.category,
          description: s.description,
          readme: s.readme,
          maintainer: "Platform team",
          catalogKey: s.key,
          versions: { create: { version: s.version, ordinal: 1, composeText: s.compose, questionsJson: JSON.stringify(s.questions) } },
        },
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // another process seeded it meanwhile
    }
  }
  done = true;
}
