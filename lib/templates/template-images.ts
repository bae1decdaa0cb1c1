// The images a template version refers to, and whether the deploying tenant can pull them. A
// template names platform images as `${CAAS_REGISTRY}/official/<name>:<tag>` (or the registry's
// host itself); the store says plainly when one is not in the registry yet.
import { parse } from "yaml";
import { db } from "@/lib/db";
import { tenantScope, type Actor } from "@/lib/policy";
import { publicRegistryHost } from "@/lib/registry";
import { REGISTRY_VARIABLE } from "./questions";

export interface TemplateImage {
  reference: string;
  /** Repository in the platform registry (official/x, market/x, t/…, u/…), or null for an outside image. */
  repository: string | null;
  tag: string | null;
  /** In the platform registry and visible to the caller (null: an outside image, not checked). */
  available: boolean | null;
  /** The scope of the registry image found (tenant and personal ones are not visible to other tenants). */
  scope: string | null;
}

/** The `image:` of every service (Compose V1 top-level services too), as written. */
export function imageReferences(composeText: string): string[] {
  let doc: unknown;
  try {
    doc = parse(composeText, { maxAliasCount: 0 });
  } catch {
    return [];
  }
  if (!doc || typeof doc !== "object") return [];
  const top = doc as Record<string, unknown>;
  const services = top.services && typeof top.services === "object" ? (top.services as Record<string, unknown>) : top;
  const out: string[] = [];
  for (const s of Object.values(services)) {
    const image = s && typeof s === "object" ? (s as Record<string, unknown>).image : undefined;
    if (typeof image === "string" && !out.includes(image)) out.push(image);
  }
  return out;
}

/** `${CAAS_REGISTRY}/official/redis:7` → { repository: "official/redis", tag: "7" }. */
export function registryPart(reference: string, registryHost: string): { repository: string; tag: string } | null {
  const prefixes = [`\${${REGISTRY_VARIABLE}}/`, `$${REGISTRY_VARIABLE}/`, `${registryHost}/`];
  const p = prefixes.find((x) => reference.startsWith(x));
  if (!p) return null;
  const rest = reference.slice(p.length).split("@")[0];
  const m = /^([a-z0-9]+(?:[._/-][a-z0-9]+)*)(?::([\w][\w.-]{0,127}))?$/.exec(rest);
  return m ? { repository: m[1], tag: m[2] ?? "latest" } : null;
}

export async function templateImages(actor: Actor, composeText: string): Promise<TemplateImage[]> {
  const host = publicRegistryHost();
  const refs = imageReferences(composeText).map((reference) => ({ reference, part: registryPart(reference, host) }));
  const wanted = refs.filter((r) => r.part).map((r) => r.part!);
  const rows = wanted.length
    ? await db.image.findMany({
        where: {
          AND: [
            { OR: wanted.map((w) => ({ repository: w.repository, tag: w.tag })) },
            {
              OR: [{ scope: { in: ["official", "market"] } }, { AND: [{ scope: "tenant" }, tenantScope(actor)] }, { scope: "personal", ownerId: actor.userId }],
            },
          ],
        },
        select: { repository: true, tag: true, scope: true },
      })
    : [];
  return refs.map(({ reference, part }) => {
    if (!part) return { reference, repository: null, tag: null, available: null, scope: null };
    const found = rows.find((r) => r.repository === part.repository && r.tag === part.tag);
    return { reference, repository: part.repository, tag: part.tag, available: !!found, scope: found?.scope ?? null };
  });
}
