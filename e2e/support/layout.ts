// Dense tables (issue 11 item 7): at the page's viewport no table scrolls sideways inside its
// wrapper, the page itself does not scroll sideways, and every table's last column (the actions)
// ends inside both the wrapper and the viewport.
import { expect, type Page } from "@playwright/test";

export async function expectTablesFit(page: Page) {
  const tables = page.getByRole("table");
  await expect(tables.first()).toBeVisible();
  const found = await page.evaluate(() => {
    const out: { caption: string; scrollWidth: number; clientWidth: number; lastRight: number; wrapperRight: number }[] = [];
    for (const t of Array.from(document.querySelectorAll("table"))) {
      const wrapper = t.parentElement!;
      const cells = t.querySelectorAll("thead th");
      const last = (cells[cells.length - 1] ?? t) as HTMLElement;
      out.push({
        caption: t.caption?.textContent ?? "",
        scrollWidth: wrapper.scrollWidth,
        clientWidth: wrapper.clientWidth,
        lastRight: Math.round(last.getBoundingClientRect().right),
        wrapperRight: Math.round(wrapper.getBoundingClientRect().right),
      });
    }
    return { tables: out, pageScroll: document.documentElement.scrollWidth, viewport: window.innerWidth };
  });
  expect(found.pageScroll, `the page scrolls sideways: ${JSON.stringify(found)}`).toBeLessThanOrEqual(found.viewport);
  for (const t of found.tables) {
    expect(t.scrollWidth, `table "${t.caption}" overflows its wrapper: ${JSON.stringify(t)}`).toBeLessThanOrEqual(t.clientWidth);
    expect(t.lastRight, `table "${t.caption}": the last column is cut off: ${JSON.stringify(t)}`).toBeLessThanOrEqual(Math.min(t.wrapperRight, found.viewport));
  }
}
