import { describe, expect, it } from "vitest";
import { groupByRegion } from "@/lib/dashboard/group-by-region";

const sz = { id: "r-sz", name: "shenzhen", displayName: "Shenzhen" };
const sh = { id: "r-sh", name: "shanghai", displayName: "Shanghai" };
const env = (id: string, region: typeof sz) => ({ id, region });

describe("the dashboard's environments by region", () => {
  it("keeps one group when every environment is in one region", () => {
    const g = groupByRegion([env("a", sz), env("b", sz)]);
    expect(g).toEqual([{ region: sz, environments: [env("a", sz), env("b", sz)] }]);
  });

  it("groups by region id in order of first appearance, keeping each group's order", () => {
    const g = groupByRegion([env("a", sz), env("b", sh), env("c", sz), env("d", sh)]);
    expect(g.map((x) => [x.region.name, x.environments.map((e) => e.id)])).toEqual([
      ["shenzhen", ["a", "c"]],
      ["shanghai", ["b", "d"]],
    ]);
  });

  it("answers no groups for no environments", () => {
    expect(groupByRegion([])).toEqual([]);
  });
});
