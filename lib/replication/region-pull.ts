// Deploys in a region with its own registry (issue 17): the hosts pull the portal's images from
// their region's registry, not from the default one, and a deploy waits for an image that is not
// there yet. Only a region whose registry trusts the portal's tokens (no credentials of its own,
// `auth.token` with the portal's certificate and realm) takes part: the engine then gets the same
// short-lived deploy credential as for the default registry (lib/registry deploy-credential), with the
// region's address. A region registry with its own htpasswd users keeps pulling from the default
// registry: its password is the replication's, and never goes into a swarm service.
import type { Db } from "@/lib/db";
import { appError } from "@/lib/errors";
import { deployRegistryAuth, publicRegistryHost } from "@/lib/registry";
import { registryPullAddress } from "@/lib/regions";
import { headManifest } from "./copy-image";
import { isDigest } from "./media-types";
import { enqueueReplication, type ReplicationQueueDeps } from "./queue";
import { REGION_REGISTRY_SELECT, type RegionRegistryRow } from "./region-registry";

/** An image reference on the portal's registry: repository and tag or digest. */
export function portalImageRef(image: string, host: string): { repository: string; reference: string } | null {
  if (!image.startsWith(`${host}/`)) return null;
  const rest = image.slice(host.length + 1);
  const at = rest.indexOf("@");
  if (at > 0) return { repository: rest.slice(0, at), reference: rest.slice(at + 1) };
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  return colon > slash ? { repository: rest.slice(0, colon), reference: rest.slice(colon + 1) } : { repository: rest, reference: "latest" };
}

export interface RegionPull {
  region: RegionRegistryRow & { displayName: string };
  /** host[:port] the region's hosts pull from. */
  host: string;
  /** Each image of the portal's registry as written → the same repository and reference in the region's registry. */
  images: Record<string, string>;
}

/** How an environment's hosts pull `images`, or null when they pull as written (the default region,
 * a region with its own registry credentials, or no image of the portal's registry). */
export async function regionPullFor(db: Db, environmentId: string, images: readonly string[], host = publicRegistryHost()): Promise<RegionPull | null> {
  const env = await db.environment.findUnique({
    where: { id: environmentId },
    select: { region: { select: { ...REGION_REGISTRY_SELECT, displayName: true } } },
  });
  const region = env?.region;
  if (!region || region.isDefault || !region.registryUrl || region.registryUsername) return null;
  const regionHost = registryPullAddress(region.registryUrl);
  const mapped: Record<string, string> = {};
  for (const image of images) {
    const ref = portalImageRef(image, host);
    if (ref) mapped[image] = `${regionHost}/${ref.repository}${isDigest(ref.reference) ? "@" : ":"}${ref.reference}`;
  }
  return Object.keys(mapped).length ? { region, host: regionHost, images: mapped } : null;
}

export interface RegionWaitOptions {
  timeoutMs: number;
  pollMs: number;
  /** Called once per image that is being copied (the deploy's progress message). */
  onCopying?: (image: string) => void;
}

/**
 * Every portal image of `pull` present in the region's registry: an absent one (or one at another
 * digest than the index says) is queued and waited for; a copy that fails, or takes longer than
 * `timeoutMs`, fails the deploy with the reason.
 */
export async function ensureRegionImages(deps: ReplicationQueueDeps, pull: RegionPull, o: RegionWaitOptions): Promise<void> {
  const { db } = deps;
  const api = deps.registryFor(pull.region, { fetch: deps.fetch, clock: deps.clock });
  for (const image of Object.keys(pull.images)) {
    const ref = portalImageRef(image, publicRegistryHost())!;
    let digest = isDigest(ref.reference) ? ref.reference : null;
    if (!digest) {
      const row = await db.image.findUnique({ where: { repository_tag: { repository: ref.repository, tag: ref.reference } }, select: { digest: true } });
      digest = row?.digest ?? null;
    }
    if (!digest) throw appError("NOT_FOUND", "replication.notInIndex", { image }, `The image ${image} is not in the portal's registry.`);
    const there = await headManifest(api, ref.repository, ref.reference).catch(() => null);
    if (there === digest) continue;
    o.onCopying?.(image);
    await enqueueReplication(db, { repository: ref.repository, action: "copy", tag: ref.reference, digest, cause: "deploy", targets: [pull.region.id] });
    deps.wake?.();
    const until = deps.clock.now() + o.timeoutMs;
    for (;;) {
      const t = await db.replicationTask.findUnique({
        where: {
          repository_reference_targetRegionId_action: { repository: ref.repository, reference: ref.reference, targetRegionId: pull.region.id, action: "copy" },
        },
      });
      if (t?.status === "done" && t.digest === digest) break;
      if (t?.status === "failed")
        throw appError(
          "CONFLICT",
          "replication.deployCopyFailed",
          { image, region: pull.region.displayName },
          `The image ${image} could not be copied to region ${pull.region.displayName}: see Admin → Replication for the reason, fix it and deploy again.`,
        );
      if (deps.clock.now() > until)
        throw appError(
          "CONFLICT",
          "replication.deployCopyTimeout",
          { image, region: pull.region.displayName, seconds: Math.round(o.timeoutMs / 1000) },
          `The image ${image} did not reach region ${pull.region.displayName} within ${Math.round(o.timeoutMs / 1000)} s; deploy again once Admin → Replication shows it done.`,
        );
      await new Promise((r) => setTimeout(r, o.pollMs));
    }
  }
}

/** X-Registry-Auth for the region's registry: the tenant's deploy credential, with the region's address. */
export async function regionRegistryAuth(db: Db, tenantId: string, pull: RegionPull): Promise<string | undefined> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { slug: true } });
  return tenant ? deployRegistryAuth(tenant.slug, pull.host) : undefined;
}
