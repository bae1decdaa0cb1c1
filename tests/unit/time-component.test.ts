// <Time> formats with Intl.DateTimeFormat objects it keeps per locale, time zone and variant; what it
// shows must equal what next-intl's own formatter gives for the same options (server render).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import { createFormatter } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { Time } from "@/components/ui/time";
import { CATALOGS } from "@/lib/i18n/catalogs";

const MINUTES = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
const WITH_SECONDS = { ...MINUTES, second: "2-digit" } as const;
const FULL = { ...WITH_SECONDS, timeZoneName: "short" } as const;
const at = new Date("2026-12-05T05:29:47.811Z");
const now = new Date("2026-12-05T05:32:47.811Z");

function render(locale: "zh-CN" | "en", timeZone: string, props: Parameters<typeof Time>[0]): string {
  return renderToStaticMarkup(
    createElement(NextIntlClientProvider, { locale, timeZone, now, messages: CATALOGS[locale], children: createElement(Time, props) }),
  );
}
const attr = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;");

describe("Time", () => {
  for (const locale of ["zh-CN", "en"] as const)
    for (const timeZone of ["Asia/Shanghai", "UTC", "America/New_York"])
      it(`shows what next-intl's formatter shows (${locale}, ${timeZone})`, () => {
        const f = createFormatter({ locale, timeZone, now });
        const full = attr(f.dateTime(at, FULL));
        expect(render(locale, timeZone, { value: at.toISOString() })).toBe(
          `<time dateTime="${at.toISOString()}" title="${full}">${f.dateTime(at, MINUTES)}</time>`,
        );
        expect(render(locale, timeZone, { value: at, seconds: true })).toContain(`>${f.dateTime(at, WITH_SECONDS)}</time>`);
        expect(render(locale, timeZone, { value: at, relative: true })).toContain(`>${f.relativeTime(at, now)}</time>`);
      });

  it("shows the catalog's 'never' for no time and for an invalid one", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const never = (CATALOGS[locale] as { common: { never: string } }).common.never;
      expect(render(locale, "UTC", { value: null, className: "x" })).toBe(`<span class="x">${never}</span>`);
      expect(render(locale, "UTC", { value: "not a date" })).toBe(`<span>${never}</span>`);
    }
  });

  it("keeps the time zone apart: the same instant reads differently in Shanghai and New York", () => {
    expect(render("en", "Asia/Shanghai", { value: at })).not.toBe(render("en", "America/New_York", { value: at }));
  });
});
