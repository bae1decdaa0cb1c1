// Which side-navigation item a page belongs to (issue 11 item 6: tenant pages lit "Dashboard").
// Pure, so the rule is unit-tested (tests/unit/nav-section.test.ts).
//
// Pages without their own item belong to the section whose list leads to them: a tenant's page
// lists its environments (→ Environments); services and containers are parts of apps (→ Apps).
const PARENT: [RegExp, string][] = [
  [/^\/tenants\//, "/environments"],
  [/^\/services\//, "/apps"],
  [/^\/containers\//, "/apps"],
];

/** The section a pathname belongs to (its own path when no rule above applies). */
export function sectionOf(pathname: string): string {
  for (const [re, section] of PARENT) if (re.test(pathname)) return section;
  return pathname;
}

/**
 * The one item of `hrefs` to mark as current on `pathname`, or null: the longest href that is the
 * page's section or a parent path of it ("/" only on the dashboard itself).
 */
export function activeHref(pathname: string, hrefs: readonly string[]): string | null {
  const section = sectionOf(pathname);
  let best: string | null = null;
  for (const href of hrefs) {
    const hit = href === "/" ? section === "/" : section === href || section.startsWith(href + "/");
    if (hit && (!best || href.length > best.length)) best = href;
  }
  return best;
}
