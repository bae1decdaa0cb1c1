// "Deploy to my environment": an app from a marketplace (or official) image, through the ordinary
// createApp use-case, with a generated Compose file that pins the image by digest and asks the
// environment's pool for one port when the image exposes one.
import { appError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { createApp } from "@/lib/apps";
import { parseInput, z } from "@/lib/validation";
import { publicRegistryHost } from "@/lib/registry";
import { getBlobJson, getManifest } from "@/lib/registry/registry-client";
import { loadImage } from "./list-images";

const input = z
  .object({ environmentId: z.string().min(1).max(64), name: z.string().trim().min(1).max(63), idempotencyKey: z.string().max(200).optional() })
  .strict();

async function exposedPort(repository: string, digest: string): Promise<string | undefined> {
  let m = await getManifest(repository, digest).catch(() => null);
  if (m?.manifest.manifests?.[0]) m = await getManifest(repository, m.manifest.manifests[0].digest).catch(() => null);
  if (!m?.manifest.config) return undefined;
  const cfg = await getBlobJson<{ config?: { ExposedPorts?: Record<string, unknown> } }>(repository, m.manifest.config.digest).catch(() => null);
  const first = Object.keys(cfg?.config?.ExposedPorts ?? {})[0]; // "80/tcp"
  const match = first ? /^(\d{1,5})\/(tcp|udp)$/.exec(first) : null;
  return match ? (match[2] === "udp" ? `${match[1]}/udp` : match[1]) : undefined;
}

export function marketCompose(reference: string, port?: string): string {
  return ["services:", "  app:", `    image: ${JSON.stringify(reference)}`, ...(port ? ["    ports:", `      - ${JSON.stringify(port)}`] : []), ""].join("\n");
}

export async function deployMarketImage({ actor, imageId, input: raw }: { actor: Actor; imageId: unknown; input: unknown }) {
  const img = await loadImage(actor, imageId);
  if (img.scope !== "market" && img.scope !== "official")
    throw appError("VALIDATION", "imageErrors.notMarket", undefined, "Only marketplace and official images deploy from here.");
  const data = parseInput(input, raw);
  const reference = `${publicRegistryHost()}/${img.repository}@${img.digest}`;
  const compose = marketCompose(reference, await exposedPort(img.repository, img.digest));
  // createApp authorizes app.deploy on the environment's tenant.
  return createApp({
    actor,
    environmentId: data.environmentId,
    input: { name: data.name, compose, ...(data.idempotencyKey ? { idempotencyKey: data.idempotencyKey } : {}) },
  });
}
