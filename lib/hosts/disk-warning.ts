// "A warning when disk is nearly full" (issue 15): one rule for the host page and the alert loop.
// Pure: the readings are passed in, so the decision is testable without a host.

/** Disk use (of the Docker root's filesystem) above which the page warns and the default alert fires. */
export const DISK_WARNING_PERCENT = 90;

/** Percent used with one decimal, or null without a usable reading. */
export function diskPercent(used: number, total: number): number | null {
  return total > 0 ? Math.round((used / total) * 1000) / 10 : null;
}

export interface HostDiskReading {
  hostId: string;
  name: string;
  diskUsed: number;
  diskTotal: number;
}

/** The hosts whose Docker-root disk use is above `threshold` percent: one alert subject each. */
export function diskFullObservations(
  ruleId: string,
  readings: HostDiskReading[],
  threshold = DISK_WARNING_PERCENT,
): { ruleId: string; subject: string; label: string; value: number }[] {
  return readings.flatMap((r) => {
    const p = diskPercent(r.diskUsed, r.diskTotal);
    return p !== null && p > threshold ? [{ ruleId, subject: `host:${r.hostId}`, label: r.name, value: p }] : [];
  });
}
