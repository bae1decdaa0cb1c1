// Volumes are local to each engine: an app's named volumes exist on every host that ran one of
// its tasks, so cleaning them up means asking each host's engine.
import { filtersParam } from "./transport";
import type { Labels } from "./spec-types";
import type { VolumeInfo } from "./types";
import type { OpContext } from "./context";

export interface VolumeOps {
  listVolumes(filters?: { label?: string[]; name?: string[]; dangling?: ("true" | "false")[] }): Promise<VolumeInfo[]>;
  removeVolume(name: string, opts?: { force?: boolean }): Promise<void>;
}

export function volumeOps(c: OpContext): VolumeOps {
  return {
    async listVolumes(filters) {
      const r = await c.t.json<{ Volumes?: Record<string, unknown>[] | null }>("list volumes", {
        method: "GET",
        path: "/volumes",
        query: { filters: filtersParam({ ...filters }) },
        timeoutMs: c.timeoutMs,
      });
      return (r.Volumes ?? []).map((v) => ({
        name: String(v.Name),
        driver: String(v.Driver ?? ""),
        labels: (v.Labels as Labels | null) ?? {},
        mountpoint: String(v.Mountpoint ?? ""),
        createdAt: String(v.CreatedAt ?? ""),
      }));
    },

    async removeVolume(name, opts) {
      await c.t.json("remove volume", {
        method: "DELETE",
        path: `/volumes/${encodeURIComponent(name)}`,
        query: { force: opts?.force ? "true" : undefined },
        timeoutMs: c.timeoutMs,
      });
    },
  };
}
