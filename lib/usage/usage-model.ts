// How one stats sample becomes usage (pure). Each sample of a running container stands for one
// sampling interval: CPU-hours used = cpu% / 100 × interval, reserved = the service's CPU limit ×
// interval; memory GB-hours (GiB) likewise from the sample's memory and the service's memory limit;
// network and block I/O are the growth of the container's counters since its previous sample.
export interface SampleLike {
  cpuPercent: number;
  memoryBytes: bigint;
  netRx: bigint;
  netTx: bigint;
  blkRead: bigint;
  blkWrite: bigint;
}

export interface Reservation {
  cpus: number;
  memoryBytes: number;
}

export interface UsageFigures {
  cpuHoursUsed: number;
  cpuHoursReserved: number;
  memGbHoursUsed: number;
  memGbHoursReserved: number;
  netRxBytes: bigint;
  netTxBytes: bigint;
  blkReadBytes: bigint;
  blkWriteBytes: bigint;
  samples: number;
}

export const EMPTY: UsageFigures = {
  cpuHoursUsed: 0,
  cpuHoursReserved: 0,
  memGbHoursUsed: 0,
  memGbHoursReserved: 0,
  netRxBytes: 0n,
  netTxBytes: 0n,
  blkReadBytes: 0n,
  blkWriteBytes: 0n,
  samples: 0,
};

const GIB = 1024 ** 3;
const growth = (cur: bigint, prev: bigint | undefined) => (prev === undefined || cur < prev ? 0n : cur - prev);

export function sampleUsage(s: SampleLike, prev: SampleLike | undefined, r: Reservation, intervalMs: number): UsageFigures {
  const h = intervalMs / 3_600_000;
  return {
    cpuHoursUsed: (s.cpuPercent / 100) * h,
    cpuHoursReserved: r.cpus * h,
    memGbHoursUsed: (Number(s.memoryBytes) / GIB) * h,
    memGbHoursReserved: (r.memoryBytes / GIB) * h,
    netRxBytes: growth(s.netRx, prev?.netRx),
    netTxBytes: growth(s.netTx, prev?.netTx),
    blkReadBytes: growth(s.blkRead, prev?.blkRead),
    blkWriteBytes: growth(s.blkWrite, prev?.blkWrite),
    samples: 1,
  };
}

export function add(a: UsageFigures, b: UsageFigures): UsageFigures {
  return {
    cpuHoursUsed: a.cpuHoursUsed + b.cpuHoursUsed,
    cpuHoursReserved: a.cpuHoursReserved + b.cpuHoursReserved,
    memGbHoursUsed: a.memGbHoursUsed + b.memGbHoursUsed,
    memGbHoursReserved: a.memGbHoursReserved + b.memGbHoursReserved,
    netRxBytes: a.netRxBytes + b.netRxBytes,
    netTxBytes: a.netTxBytes + b.netTxBytes,
    blkReadBytes: a.blkReadBytes + b.blkReadBytes,
    blkWriteBytes: a.blkWriteBytes + b.blkWriteBytes,
    samples: a.samples + b.samples,
  };
}

export interface Prices {
  cpuHour: number;
  memoryGbHour: number;
}

/** Cost of what a tenant held (reserved CPU-hours and GB-hours) at its environment kind's prices. */
export function costOf(u: Pick<UsageFigures, "cpuHoursReserved" | "memGbHoursReserved">, p: Prices): number {
  return Math.round((u.cpuHoursReserved * p.cpuHour + u.memGbHoursReserved * p.memoryGbHour) * 1e6) / 1e6;
}

export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** One CSV cell: quoted when needed, and a leading = + - @ neutralized (spreadsheet formulas). */
export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number)[][]): string {
  // BOM: spreadsheets then read UTF-8 (tenant and app names) correctly; CRLF per RFC 4180.
  return "\uFEFF" + [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
