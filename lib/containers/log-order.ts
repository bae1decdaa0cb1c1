// Log lines of several replicas in time order (issue 11 item 6: the merged service log came out of
// order on first load — each replica's tail arrived as its own batch, and batches were appended).
// No imports: the browser's log view uses it too.
//
// Docker writes RFC 3339 times with the fraction's trailing zeros cut ("…:05.1Z", "…:05.12Z"), so
// plain string order is wrong; the fraction is padded before comparing.

export interface TimedLine {
  time: string | null;
}

/** A sortable key: the fraction padded to 9 digits ("2026-…T12:00:05.100000000Z"). */
export function timeKey(time: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(time);
  if (!m) return time;
  return `${m[1]}.${(m[2] ?? "").padEnd(9, "0").slice(0, 9)}${m[3]}`;
}

/**
 * `existing` (already in order) with `batch` merged in by time, at most `max` lines (the newest).
 * A line without a time (a portal notice) keeps its place after the line before it in its batch.
 */
export function mergeLogLines<T extends TimedLine>(existing: readonly T[], batch: readonly T[], max = Infinity): T[] {
  let carry = existing.length ? keyOf(existing, existing.length - 1) : "";
  const keyed = batch.map((l) => {
    if (l.time) carry = timeKey(l.time);
    return { l, k: carry };
  });
  const old = existing.map((l, i) => ({ l, k: keyOf(existing, i) }));
  // Stable: equal times keep their arrival order.
  const all = [...old, ...keyed].sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.l);
  return all.length > max ? all.slice(all.length - max) : all;
}

function keyOf(lines: readonly TimedLine[], i: number): string {
  for (let j = i; j >= 0; j--) {
    const t = lines[j].time;
    if (t) return timeKey(t);
  }
  return "";
}
