// Engine event watchers: one event stream per environment, from one of its managers. A service or
// node event makes the loop reconcile that environment at once instead of at its next tick, so
// scale, drift and host loss show within a fraction of a second. The stream dies with its manager;
// the loop starts a new one on its next tick (possibly on another manager).
import { db } from "@/lib/db";
import type { EventStream } from "@/lib/docker";
import { hostEngine } from "@/lib/hosts/host-engine";

export class EventWatchers {
  private streams = new Map<string, EventStream | "starting">();

  constructor(private readonly onEvent: (environmentId: string) => void) {}

  /** Make sure each given environment has a live watcher. */
  async ensure(environmentIds: string[]): Promise<void> {
    for (const envId of environmentIds) {
      if (this.streams.has(envId)) continue;
      this.streams.set(envId, "starting");
      void this.start(envId);
    }
    for (const envId of [...this.streams.keys()]) if (!environmentIds.includes(envId)) this.drop(envId);
  }

  private async start(envId: string): Promise<void> {
    try {
      const manager = await db.host.findFirst({ where: { environmentId: envId, swarmRole: "manager", status: "ready" }, orderBy: { lastSeenAt: "desc" } });
      if (!manager) return void this.streams.delete(envId);
      const stream = await hostEngine(manager, 5_000).events({ filters: { type: ["service", "node"] }, watchdogMs: 5_000 });
      if (this.streams.get(envId) !== "starting") return stream.stop();
      this.streams.set(envId, stream);
      for await (const _e of stream) this.onEvent(envId);
    } catch {
      // unreachable manager or a dropped stream: the next tick retries
    } finally {
      const cur = this.streams.get(envId);
      if (cur && cur !== "starting") cur.stop();
      this.streams.delete(envId);
    }
  }

  private drop(envId: string): void {
    const s = this.streams.get(envId);
    if (s && s !== "starting") s.stop();
    this.streams.delete(envId);
  }

  stopAll(): void {
    for (const envId of [...this.streams.keys()]) this.drop(envId);
  }
}
