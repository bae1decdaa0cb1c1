// The dashboard's environments by region (issue 17 item 7). Pure: the client component imports it.
import type { RegionRef } from "@/lib/regions/region-dto";

/** Environments by region, in order of first appearance (the environments come sorted). */
export function groupByRegion<E extends { region: RegionRef }>(environments: E[]): { region: RegionRef; environments: E[] }[] {
  const groups = new Map<string, { region: RegionRef; environments: E[] }>();
  for (const e of environments) {
    const g = groups.get(e.region.id) ?? { region: e.region, environments: [] };
    g.environments.push(e);
    groups.set(e.region.id, g);
  }
  return [...groups.values()];
}
