// Upstream sync (issue 17, "Pub Hub"): copies the tags of an upstream repository that match the
// tag patterns into a target repository, by digest (copy-image.ts), and reports each tag as copied,
// unchanged or failed with its reason. The upstream is read first (its tag list): wrong credentials
// or an upstream that does not answer fail the whole sync with an error naming the upstream, before
// anything is written. A tag that fails later keeps the target's previous copy (the tag moves only
// when the new manifest is in place).
import { appError, isAppError, type AppError, type MessageParams } from "@/lib/errors";
import { copyImage, listTags, type CopyDeps, type CopyReport } from "./copy-image";
import { RegistryApi, type RegistryDeps, type RegistryEndpoint } from "./registry-api";
import { compileTagPatterns } from "./tag-patterns";

export interface UpstreamSyncRequest {
  upstream: RegistryEndpoint & { repository: string };
  /** Globs over tag names (tag-patterns.ts); none means every tag. */
  tagPatterns: string[];
  target: RegistryEndpoint & { repository: string };
}

export type TagOutcome =
  | ({ tag: string; status: "copied" | "unchanged" } & Omit<CopyReport, "status">)
  | { tag: string; status: "failed"; error: { key: string; params?: MessageParams; message: string } };

export interface UpstreamSyncReport {
  upstream: string;
  items: TagOutcome[];
  copied: number;
  unchanged: number;
  failed: number;
}

export type SyncDeps = CopyDeps & Omit<RegistryDeps, "clock">;

/** The upstream's failure, named as the upstream (the one the admin registered). */
function upstreamError(label: string, e: unknown): AppError {
  const key = isAppError(e) ? e.i18n?.key : undefined;
  if (key === "replication.unauthorized" || key === "replication.denied")
    return appError("FORBIDDEN", "replication.upstreamUnauthorized", { upstream: label }, `The upstream registry ${label} refused the credentials.`, {
      cause: e,
    });
  if (key === "replication.unreachable" || key === "replication.serverError")
    return appError("CONFLICT", "replication.upstreamUnreachable", { upstream: label }, `The upstream registry ${label} does not answer.`, { cause: e });
  if (isAppError(e)) return e;
  return appError("INTERNAL", "replication.upstreamFailed", { upstream: label }, `Reading the upstream registry ${label} failed.`, { cause: e });
}

function describe(e: unknown): { key: string; params?: MessageParams; message: string } {
  if (isAppError(e) && e.i18n) return { key: e.i18n.key, ...(e.i18n.params ? { params: e.i18n.params } : {}), message: e.message };
  return { key: "replication.copyFailed", message: "The copy failed." };
}

export async function syncUpstream(req: UpstreamSyncRequest, deps: SyncDeps): Promise<UpstreamSyncReport> {
  const matches = compileTagPatterns(req.tagPatterns);
  const registryDeps: RegistryDeps = { fetch: deps.fetch, clock: deps.clock, timeoutMs: deps.timeoutMs, blobTimeoutMs: deps.blobTimeoutMs };
  const upstream = new RegistryApi(req.upstream, registryDeps);
  const target = new RegistryApi(req.target, registryDeps);
  let tags: string[] | null;
  try {
    tags = await listTags(upstream, req.upstream.repository);
  } catch (e) {
    throw upstreamError(upstream.label, e);
  }
  if (tags === null)
    throw appError(
      "NOT_FOUND",
      "replication.upstreamRepositoryMissing",
      { upstream: upstream.label, repository: req.upstream.repository },
      `The upstream registry ${upstream.label} has no repository ${req.upstream.repository}.`,
    );
  const items: TagOutcome[] = [];
  for (const tag of tags.filter(matches).sort()) {
    try {
      const r = await copyImage(
        { api: upstream, repository: req.upstream.repository, reference: tag },
        { api: target, repository: req.target.repository, tag },
        deps,
      );
      const { status, ...rest } = r;
      items.push({ tag, status, ...rest });
    } catch (e) {
      items.push({ tag, status: "failed", error: describe(e) });
    }
  }
  return {
    upstream: upstream.label,
    items,
    copied: items.filter((i) => i.status === "copied").length,
    unchanged: items.filter((i) => i.status === "unchanged").length,
    failed: items.filter((i) => i.status === "failed").length,
  };
}
