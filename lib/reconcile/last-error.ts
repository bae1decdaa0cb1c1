// A service's "last error" as its tasks tell it now (issue 11 item 5): what the portal shows must
// agree with `docker service ps`. Tasks are grouped by slot (a global service: by node); in each
// group the latest task decides. A group whose latest task runs (or completed, for a one-shot job)
// has no error, whatever its earlier tasks said; a group still trying (the latest task starting,
// pending, rejected or failed, replaced or not yet) shows the newest error among its tasks. Groups
// swarm retired on purpose (the latest task shut down without error: scaled down) show nothing. Older generations of the
// task template (`current: false`, being replaced by an update) never count.
import type { TaskObservation } from "@/lib/orchestrator";

const RETIRED = new Set(["shutdown", "remove", "orphaned"]);
const FINE = new Set(["running", "complete"]);

const time = (t: Pick<TaskObservation, "since">) => {
  const ms = Date.parse(t.since);
  return Number.isNaN(ms) ? 0 : ms;
};

type Task = Pick<TaskObservation, "taskId" | "slot" | "nodeId" | "state" | "desiredState" | "error" | "since" | "current">;

export function serviceLastError(tasks: readonly Task[]): string | null {
  const groups = new Map<string, Task[]>();
  for (const t of tasks) {
    if (!t.current) continue;
    const key = t.slot !== undefined && t.slot !== 0 ? `slot:${t.slot}` : `node:${t.nodeId ?? t.taskId}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  let found: { error: string; at: number } | null = null;
  for (const group of groups.values()) {
    const byTime = [...group].sort((a, b) => time(b) - time(a));
    const latest = byTime[0];
    if (FINE.has(latest.state)) continue;
    // stopped on purpose (scaled down, service removed): not a failure
    if (RETIRED.has(latest.desiredState) && !latest.error) continue;
    const withError = byTime.find((t) => t.error);
    if (!withError?.error) continue;
    const at = time(latest);
    if (!found || at > found.at) found = { error: withError.error, at };
  }
  return found?.error ?? null;
}
