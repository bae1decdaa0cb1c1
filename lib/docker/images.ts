// Images on one engine: import (tar rootfs), inspect, tag, remove, pull, push. Pull/push/import
// answer 200 and report failure inside the JSON progress stream, so the stream is read to the end.
import type { Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import { streamError, lostError } from "./errors";
import { lineSplitter } from "./streams";
import { filtersParam } from "./transport";
import type { ImageInfo } from "./types";
import type { OpContext } from "./context";

export interface ProgressMessage {
  status?: string;
  id?: string;
  progress?: string;
}

export interface ImageOps {
  /** Import a root filesystem tar as repo:tag; returns the image id. `changes` are Dockerfile
   * instructions (CMD, ENV, LABEL …) applied to the config. */
  importImage(tar: Readable | Buffer, opts: { repo: string; tag?: string; changes?: string[]; message?: string }): Promise<string>;
  inspectImage(ref: string): Promise<ImageInfo>;
  tagImage(ref: string, repo: string, tag: string): Promise<void>;
  removeImage(ref: string, opts?: { force?: boolean }): Promise<void>;
  pullImage(ref: string, opts?: { registryAuth?: string; onProgress?: (m: ProgressMessage) => void }): Promise<void>;
  pushImage(ref: string, opts?: { registryAuth?: string; onProgress?: (m: ProgressMessage) => void }): Promise<string | undefined>;
  /** Asks the image's registry (through this engine, with the credential the engine would pull
   * with) for the manifest digest, without pulling. Throws EngineError kind not_found /
   * pull_denied / unreachable. */
  distributionInspect(ref: string, opts?: { registryAuth?: string }): Promise<{ digest: string }>;
  /** Every image on this engine (tagged and untagged; no intermediate layers). */
  listImages(): Promise<ImageSummary[]>;
  /** The engine's own prune: images no container (running or stopped) uses; `dangling` only
   * untagged ones. Answers what was deleted and the bytes reclaimed. */
  pruneImages(opts: { dangling: boolean }): Promise<{ deleted: string[]; spaceReclaimed: number }>;
}

export interface ImageSummary {
  id: string;
  repoTags: string[];
  size: number;
  /** Containers using it, as the engine counts them (-1 when the engine did not count). */
  containers: number;
}

// Transfers of whole images: minutes, not the API default.
const TRANSFER_TIMEOUT_MS = 600_000;

/** "reg:5000/a/b:1" → { name: "reg:5000/a/b", tag: "1" }; "a@sha256:…" → digest as the tag. */
export function splitImageRef(ref: string): { name: string; tag: string } {
  const at = ref.indexOf("@");
  if (at >= 0) return { name: ref.slice(0, at), tag: ref.slice(at + 1) };
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > slash) return { name: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { name: ref, tag: "latest" };
}

/** Reads a JSON progress stream to its end; rejects on an {"error": …} line. */
function readProgress(endpoint: string, op: string, res: IncomingMessage, onProgress?: (m: ProgressMessage) => void): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const all: Record<string, unknown>[] = [];
    let failed: string | undefined;
    const lines = lineSplitter((line) => {
      let m: Record<string, unknown>;
      try {
        m = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      all.push(m);
      if (typeof m.error === "string") failed ??= m.error;
      else onProgress?.({ status: m.status as string, id: m.id as string, progress: m.progress as string });
    });
    res.on("data", (c: Buffer) => lines.push(c));
    res.on("end", () => {
      lines.flush();
      if (failed) reject(streamError(endpoint, op, failed));
      else resolve(all);
    });
    res.on("error", (e: Error) => reject(lostError(endpoint, op, e.message)));
    res.on("aborted", () => reject(lostError(endpoint, op, "connection aborted")));
  });
}

function authHeaders(registryAuth?: string): Record<string, string> {
  // The engine wants the header even for anonymous pulls from some registries; "{}" is anonymous.
  return { "X-Registry-Auth": registryAuth ?? Buffer.from("{}").toString("base64") };
}

export function imageOps(c: OpContext): ImageOps {
  // image names keep their "/", ":" and "@" (the engine routes /images/{name:.*}/…)
  const img = (ref: string, rest = "") => `/images/${encodeURIComponent(ref).replace(/%2F/gi, "/").replace(/%3A/gi, ":").replace(/%40/gi, "@")}${rest}`;
  const inspectImage = async (ref: string): Promise<ImageInfo> => {
    const i = await c.t.json<Record<string, unknown>>("inspect image", { method: "GET", path: img(ref, "/json"), timeoutMs: c.timeoutMs });
    const cfg = (i.Config ?? {}) as { Labels?: Record<string, string> | null };
    return {
      id: String(i.Id),
      repoTags: (i.RepoTags as string[] | null) ?? [],
      repoDigests: (i.RepoDigests as string[] | null) ?? [],
      size: Number(i.Size ?? 0),
      created: String(i.Created ?? ""),
      labels: cfg.Labels ?? {},
    };
  };
  return {
    inspectImage,

    async importImage(tar, o) {
      const { res } = await c.t.stream("import image", {
        method: "POST",
        path: "/images/create",
        query: { fromSrc: "-", repo: o.repo, tag: o.tag ?? "latest", changes: o.changes, message: o.message },
        file: tar,
        timeoutMs: TRANSFER_TIMEOUT_MS,
      });
      const msgs = await readProgress(c.endpoint, "import image", res);
      const id = msgs.map((m) => m.status).find((s): s is string => typeof s === "string" && s.startsWith("sha256:"));
      return id ?? (await inspectImage(`${o.repo}:${o.tag ?? "latest"}`)).id;
    },

    async tagImage(ref, repo, tag) {
      await c.t.json("tag image", { method: "POST", path: img(ref, "/tag"), query: { repo, tag }, timeoutMs: c.timeoutMs });
    },

    async removeImage(ref, o) {
      await c.t.json("remove image", { method: "DELETE", path: img(ref), query: { force: o?.force ? "true" : undefined }, timeoutMs: c.timeoutMs });
    },

    async pullImage(ref, o) {
      const { name, tag } = splitImageRef(ref);
      const { res } = await c.t.stream("pull image", {
        method: "POST",
        path: "/images/create",
        query: { fromImage: name, tag },
        headers: authHeaders(o?.registryAuth),
        timeoutMs: TRANSFER_TIMEOUT_MS,
      });
      await readProgress(c.endpoint, "pull image", res, o?.onProgress);
    },

    async distributionInspect(ref, o) {
      const r = await c.t.json<{ Descriptor?: { digest?: string } }>("resolve image", {
        method: "GET",
        path: `/distribution/${encodeURIComponent(ref).replace(/%2F/gi, "/").replace(/%3A/gi, ":").replace(/%40/gi, "@")}/json`,
        headers: authHeaders(o?.registryAuth),
        timeoutMs: Math.max(c.timeoutMs, 20_000),
      });
      return { digest: r.Descriptor?.digest ?? "" };
    },

    async listImages() {
      const list = await c.t.json<Record<string, unknown>[]>("list images", { method: "GET", path: "/images/json", timeoutMs: c.timeoutMs });
      return (list ?? []).map((i) => ({
        id: String(i.Id),
        repoTags: ((i.RepoTags as string[] | null) ?? []).filter((t) => t !== "<none>:<none>"),
        size: Number(i.Size ?? 0),
        containers: Number(i.Containers ?? -1),
      }));
    },

    async pruneImages(o) {
      const r = await c.t.json<{ ImagesDeleted?: { Deleted?: string; Untagged?: string }[] | null; SpaceReclaimed?: number }>("prune images", {
        method: "POST",
        path: "/images/prune",
        query: { filters: filtersParam({ dangling: [o.dangling ? "true" : "false"] }) },
        timeoutMs: Math.max(c.timeoutMs, 120_000),
      });
      return { deleted: (r.ImagesDeleted ?? []).map((d) => d.Deleted ?? "").filter(Boolean), spaceReclaimed: Number(r.SpaceReclaimed ?? 0) };
    },

    async pushImage(ref, o) {
      const { name, tag } = splitImageRef(ref);
      const { res } = await c.t.stream("push image", {
        method: "POST",
        path: img(name, "/push"),
        query: { tag },
        headers: authHeaders(o?.registryAuth),
        timeoutMs: TRANSFER_TIMEOUT_MS,
      });
      const msgs = await readProgress(c.endpoint, "push image", res, o?.onProgress);
      // the last "aux" message carries the pushed manifest digest
      const aux = msgs.map((m) => m.aux as { Digest?: string } | undefined).find((a) => a?.Digest);
      return aux?.Digest;
    },
  };
}
