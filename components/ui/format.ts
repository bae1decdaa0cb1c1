// Number formats shared by every page. Times are shown by <Time> (./time.tsx): locale and time zone.
/** Bytes in binary units with one decimal, e.g. "7.8 GiB"; "—" when unknown. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  // Whole bytes below 1 KiB: a rate average or a chart's floor (1e-9) must not print as "1e-9 B".
  return `${i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
