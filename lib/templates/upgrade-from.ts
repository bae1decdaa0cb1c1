// Rancher's `upgrade_from`: which installed versions may upgrade to a version. Accepted forms: empty
// or `*` (any), an exact version, comparators separated by spaces (`>=1.0.0 <2.0.0`), or a
// `||`-separated list of those. Versions compare numerically part by part (1.10 > 1.9).

function compare(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

function holds(version: string, clause: string): boolean {
  return clause
    .trim()
    .split(/\s+/)
    .every((term) => {
      const m = /^(>=|<=|>|<|=|==)?v?(.+)$/.exec(term);
      if (!m) return false;
      if (m[2] === "*") return true;
      const c = compare(version, m[2]);
      switch (m[1]) {
        case ">=":
          return c >= 0;
        case "<=":
          return c <= 0;
        case ">":
          return c > 0;
        case "<":
          return c < 0;
        default:
          return c === 0;
      }
    });
}

export function upgradeAllowed(installed: string, upgradeFrom: string): boolean {
  const rule = upgradeFrom.trim();
  if (!rule || rule === "*" || !installed) return true;
  return rule.split("||").some((clause) => holds(installed, clause));
}

export const compareVersions = compare;
