// A one-shot helper container on one engine: create, start, wait, read its output, remove. Used to
// read what only the host knows (its own /proc and the free space of the Docker root), with a
// fixed command chosen by the caller; nothing from user input reaches the command or the mounts.
import { demuxer } from "./streams";
import type { OpContext } from "./context";

export interface ProbeOptions {
  image: string;
  cmd: string[];
  /** Read-only bind mounts "hostPath:containerPath". */
  binds?: string[];
  /** Deadline for the whole run (create to output). */
  timeoutMs?: number;
}

export interface ProbeOps {
  /** Runs the container to its end; stdout (up to 64 KiB) and the exit code. Always removes it. */
  runProbe(opts: ProbeOptions): Promise<{ exitCode: number; stdout: string }>;
}

export function probeOps(c: OpContext): ProbeOps {
  return {
    async runProbe(o) {
      const timeoutMs = o.timeoutMs ?? 20_000;
      const created = await c.t.json<{ Id: string }>("create probe container", {
        method: "POST",
        path: "/containers/create",
        body: {
          Image: o.image,
          Cmd: o.cmd,
          Labels: { "caas.probe": "host-metrics" },
          NetworkDisabled: true,
          HostConfig: {
            Binds: (o.binds ?? []).map((b) => `${b}:ro`),
            NetworkMode: "none",
            Memory: 32 * 1024 * 1024,
            LogConfig: { Type: "json-file", Config: {} },
          },
        },
        timeoutMs,
      });
      const id = encodeURIComponent(created.Id);
      try {
        await c.t.json("start probe container", { method: "POST", path: `/containers/${id}/start`, timeoutMs });
        const waited = await c.t.json<{ StatusCode?: number }>("wait for probe container", { method: "POST", path: `/containers/${id}/wait`, timeoutMs });
        const { res } = await c.t.stream("read probe output", {
          method: "GET",
          path: `/containers/${id}/logs`,
          query: { stdout: "true", stderr: "false", tail: "all" },
          timeoutMs,
        });
        const parts: Buffer[] = [];
        let n = 0;
        const feed = demuxer((stream, data) => {
          if (stream === "stdout" && n < 65_536) {
            parts.push(data);
            n += data.length;
          }
        });
        await new Promise<void>((resolve, reject) => {
          res.on("data", feed);
          res.on("end", () => resolve());
          res.on("close", () => resolve());
          res.on("error", reject);
        });
        return { exitCode: waited.StatusCode ?? -1, stdout: Buffer.concat(parts).toString("utf8") };
      } finally {
        await c.t
          .json("remove probe container", { method: "DELETE", path: `/containers/${id}`, query: { force: "true" }, timeoutMs: c.timeoutMs })
          .catch(() => undefined);
      }
    },
  };
}
