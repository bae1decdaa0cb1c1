import { publicRegistryHost } from "@/lib/registry";

export interface ImageDto {
  id: string;
  scope: string;
  repository: string;
  tag: string;
  digest: string;
  sizeBytes: number;
  description: string;
  tenantId: string | null;
  ownerId: string | null;
  pushedBy: { id: string; email: string; name: string } | null;
  pushedAt: string;
  /** host/repository:tag */
  reference: string;
  /** host/repository@digest: what a deploy should pin */
  pinnedReference: string;
  pullCommand: string;
}

export interface ImageRow {
  id: string;
  scope: string;
  repository: string;
  tag: string;
  digest: string;
  sizeBytes: bigint;
  description: string;
  tenantId: string | null;
  ownerId: string | null;
  pushedById: string | null;
  updatedAt: Date;
}

export function toImageDto(r: ImageRow, users: Map<string, { id: string; email: string; name: string }>): ImageDto {
  const host = publicRegistryHost();
  return {
    id: r.id,
    scope: r.scope,
    repository: r.repository,
    tag: r.tag,
    digest: r.digest,
    sizeBytes: Number(r.sizeBytes),
    description: r.description,
    tenantId: r.tenantId,
    ownerId: r.ownerId,
    pushedBy: (r.pushedById && users.get(r.pushedById)) || null,
    pushedAt: r.updatedAt.toISOString(),
    reference: `${host}/${r.repository}:${r.tag}`,
    pinnedReference: `${host}/${r.repository}@${r.digest}`,
    pullCommand: `docker pull ${host}/${r.repository}:${r.tag}`,
  };
}
