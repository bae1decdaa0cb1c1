// One color per orchestration state, for hosts, apps, revisions, jobs and tasks alike: green runs,
// blue is in progress, amber needs a look, red failed, grey is at rest.
import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = {
  ready: "green",
  running: "green",
  succeeded: "green",
  complete: "green",
  pending: "blue",
  deploying: "blue",
  removing: "blue",
  deleting: "blue",
  starting: "blue",
  preparing: "blue",
  assigned: "blue",
  accepted: "blue",
  new: "blue",
  allocated: "blue",
  degraded: "amber",
  drifted: "amber",
  down: "amber",
  failed: "red",
  unreachable: "red",
  stale: "red",
  drained: "amber",
  rejected: "red",
  orphaned: "red",
  stopped: "neutral",
  shutdown: "neutral",
  superseded: "neutral",
  cancelled: "neutral",
  remove: "neutral",
};

/** States in which the engine is still busy: pages poll faster while one is shown. */
export const BUSY_STATES = new Set(["pending", "deploying", "removing", "deleting", "starting", "preparing", "assigned", "accepted", "new", "allocated"]);

export function StateBadge({ state, label }: { state: string; label?: string }) {
  const t = useTranslations("states");
  const busy = BUSY_STATES.has(state);
  return (
    <Badge tone={TONES[state] ?? "neutral"}>
      {/* A pulsing dot says "still working" without relying on color alone; the text says it too. */}
      {busy && <span aria-hidden="true" className="mr-1 inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      {label ?? (t.has(state as never) ? t(state as never) : state)}
    </Badge>
  );
}
