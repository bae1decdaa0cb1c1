// Containers on one engine (the host that runs a task): list, inspect, stats, commit, archives.
// Logs and exec live in logs.ts and exec.ts.
import type { Readable } from "node:stream";
import { filtersParam } from "./transport";
import type { Labels } from "./spec-types";
import type { ContainerDetails, ContainerStats, ContainerSummary, PathStat } from "./types";
import type { OpContext } from "./context";

export interface ContainerFilters {
  label?: string[];
  status?: ("created" | "restarting" | "running" | "removing" | "paused" | "exited" | "dead")[];
  name?: string[];
  id?: string[];
  network?: string[];
  /** volume name or mount destination */
  volume?: string[];
}

export interface CommitOptions {
  repo: string;
  tag?: string;
  comment?: string;
  author?: string;
  /** Pause the container while committing (engine default true). */
  pause?: boolean;
  /** Labels added to the image config. */
  labels?: Labels;
}

export interface ContainerOps {
  listContainers(opts?: { all?: boolean; filters?: ContainerFilters }): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerDetails>;
  /** One sample (the engine waits for a second reading to compute CPU usage: ~1-2 s). */
  containerStats(id: string): Promise<ContainerStats>;
  /** Returns the new image id. */
  commitContainer(id: string, opts: CommitOptions): Promise<string>;
  /** A tar stream of `path` inside the container. */
  getArchive(id: string, path: string): Promise<{ stat: PathStat; stream: Readable; stop(): void }>;
  /** Extract a tar into directory `path` inside the container. */
  putArchive(id: string, path: string, tar: Readable | Buffer, opts?: { noOverwriteDirNonDir?: boolean }): Promise<void>;
  /** Stop (SIGTERM, then SIGKILL after `timeoutSec`) and start again, same container. */
  restartContainer(id: string, opts?: { timeoutSec?: number }): Promise<void>;
  /** Remove, killing it when running (a swarm task's container: swarm starts a replacement). */
  removeContainer(id: string, opts?: { force?: boolean }): Promise<void>;
}

// Commits and archive copies move whole filesystems; their deadline is not the API default.
const BULK_TIMEOUT_MS = 300_000;

// Engine JSON is loosely typed here and mapped field by field into the plain types.
/* eslint-disable @typescript-eslint/no-explicit-any -- engine JSON, read field by field with defaults */
function toDetails(c: any): ContainerDetails {
  const st = c.State ?? {};
  const cfg = c.Config ?? {};
  const nets: Record<string, any> = c.NetworkSettings?.Networks ?? {};
  return {
    id: c.Id,
    name: String(c.Name ?? "").replace(/^\//, ""),
    image: cfg.Image ?? "",
    imageId: c.Image ?? "",
    created: c.Created ?? "",
    state: {
      status: st.Status ?? "",
      running: !!st.Running,
      paused: !!st.Paused,
      restarting: !!st.Restarting,
      oomKilled: !!st.OOMKilled,
      dead: !!st.Dead,
      pid: st.Pid ?? 0,
      exitCode: st.ExitCode ?? 0,
      error: st.Error ?? "",
      startedAt: st.StartedAt ?? "",
      finishedAt: st.FinishedAt ?? "",
      health: st.Health?.Status,
    },
    config: {
      hostname: cfg.Hostname ?? "",
      user: cfg.User ?? "",
      env: cfg.Env ?? [],
      cmd: cfg.Cmd ?? [],
      entrypoint: cfg.Entrypoint ?? [],
      workingDir: cfg.WorkingDir ?? "",
      labels: cfg.Labels ?? {},
      tty: !!cfg.Tty,
      openStdin: !!cfg.OpenStdin,
    },
    networks: Object.fromEntries(
      Object.entries(nets).map(([name, n]) => [name, { networkId: n.NetworkID ?? "", ipAddress: n.IPAddress ?? "", aliases: n.Aliases ?? [] }]),
    ),
    mounts: (c.Mounts ?? []).map((m: any) => ({
      type: m.Type ?? "",
      name: m.Name || undefined,
      source: m.Source ?? "",
      destination: m.Destination ?? "",
      readOnly: m.RW === false,
    })),
  };
}

function toStats(s: any): ContainerStats {
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const sysDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats?.online_cpus ?? s.cpu_stats?.cpu_usage?.percpu_usage?.length ?? 1;
  const nets: any[] = Object.values(s.networks ?? {});
  const blk: any[] = s.blkio_stats?.io_service_bytes_recursive ?? [];
  const sumOp = (op: string) => blk.filter((b) => String(b.op).toLowerCase() === op).reduce((a, b) => a + (b.value ?? 0), 0);
  // cgroup v1 "usage" includes page cache; subtract it as the docker CLI does
  const cache = s.memory_stats?.stats?.total_inactive_file ?? s.memory_stats?.stats?.inactive_file ?? 0;
  return {
    read: s.read ?? "",
    cpuPercent: sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * cpus * 100 : 0,
    onlineCpus: cpus,
    memoryUsage: Math.max(0, (s.memory_stats?.usage ?? 0) - cache),
    memoryLimit: s.memory_stats?.limit ?? 0,
    networkRx: nets.reduce((a, n) => a + (n.rx_bytes ?? 0), 0),
    networkTx: nets.reduce((a, n) => a + (n.tx_bytes ?? 0), 0),
    blockRead: sumOp("read"),
    blockWrite: sumOp("write"),
    pids: s.pids_stats?.current ?? 0,
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export function containerOps(c: OpContext): ContainerOps {
  const path = (id: string, rest = "") => `/containers/${encodeURIComponent(id)}${rest}`;
  return {
    async listContainers(opts) {
      const list = await c.t.json<Record<string, unknown>[]>("list containers", {
        method: "GET",
        path: "/containers/json",
        query: { all: opts?.all ? "true" : undefined, filters: filtersParam({ ...opts?.filters }) },
        timeoutMs: c.timeoutMs,
      });
      return (list ?? []).map((x) => ({
        id: String(x.Id),
        names: ((x.Names as string[] | null) ?? []).map((n) => n.replace(/^\//, "")),
        image: String(x.Image ?? ""),
        imageId: String(x.ImageID ?? ""),
        command: String(x.Command ?? ""),
        created: Number(x.Created ?? 0),
        state: String(x.State ?? ""),
        status: String(x.Status ?? ""),
        labels: (x.Labels as Labels | null) ?? {},
      }));
    },

    async restartContainer(id, o) {
      const t = o?.timeoutSec ?? 10;
      await c.t.json("restart container", { method: "POST", path: path(id, "/restart"), query: { t: String(t) }, timeoutMs: c.timeoutMs + t * 1000 });
    },

    async removeContainer(id, o) {
      await c.t.json("remove container", { method: "DELETE", path: path(id), query: { force: o?.force ? "true" : undefined }, timeoutMs: c.timeoutMs });
    },

    async inspectContainer(id) {
      return toDetails(await c.t.json("inspect container", { method: "GET", path: path(id, "/json"), timeoutMs: c.timeoutMs }));
    },

    async containerStats(id) {
      return toStats(
        await c.t.json("container stats", {
          method: "GET",
          path: path(id, "/stats"),
          query: { stream: "false" },
          timeoutMs: Math.max(c.timeoutMs, 15_000),
        }),
      );
    },

    async commitContainer(id, o) {
      const r = await c.t.json<{ Id: string }>("commit container", {
        method: "POST",
        path: "/commit",
        query: { container: id, repo: o.repo, tag: o.tag, comment: o.comment, author: o.author, pause: o.pause === false ? "false" : undefined },
        body: o.labels ? { Labels: o.labels } : undefined,
        timeoutMs: Math.max(c.timeoutMs, BULK_TIMEOUT_MS),
      });
      return r.Id;
    },

    async getArchive(id, p) {
      const { res, abort } = await c.t.stream("copy from container", {
        method: "GET",
        path: path(id, "/archive"),
        query: { path: p },
        timeoutMs: c.timeoutMs,
      });
      const header = res.headers["x-docker-container-path-stat"];
      let stat: PathStat = { name: "", size: 0, mode: 0, mtime: "", linkTarget: "" };
      if (typeof header === "string") {
        try {
          stat = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as PathStat;
        } catch {
          /* keep the empty stat: the tar itself is what matters */
        }
      }
      return { stat, stream: res, stop: abort };
    },

    async putArchive(id, p, tar, o) {
      await c.t.json("copy into container", {
        method: "PUT",
        path: path(id, "/archive"),
        query: { path: p, noOverwriteDirNonDir: o?.noOverwriteDirNonDir ? "true" : undefined },
        file: tar,
        timeoutMs: Math.max(c.timeoutMs, BULK_TIMEOUT_MS),
      });
    },
  };
}
