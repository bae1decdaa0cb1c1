import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getLocale, getNow, getTimeZone, getTranslations } from "next-intl/server";
import { Providers } from "@/components/providers";
import { TimeZoneReporter } from "@/components/shell/time-zone-reporter";
import { requestPreferences } from "@/lib/i18n/request-preferences";
// The CJK font is part of the product (see globals.css): two weights of the simplified-Chinese subset.
import "@fontsource/noto-sans-sc/chinese-simplified-400.css";
import "@fontsource/noto-sans-sc/chinese-simplified-600.css";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return { title: { default: t("product"), template: `%s · ${t("product")}` }, description: t("description") };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, timeZone, now, prefs] = await Promise.all([getLocale(), getTimeZone(), getNow(), requestPreferences()]);
  return (
    <html lang={locale}>
      <body>
        <Providers locale={locale} timeZone={timeZone} now={now}>
          {children}
          <TimeZoneReporter serverTimeZone={timeZone} userChosen={prefs.userTimeZone} />
        </Providers>
      </body>
    </html>
  );
}
