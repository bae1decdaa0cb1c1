// next-intl's request configuration (no locale segment in the URL): locale and time zone from the
// signed-in user's setting, else the cookies, else Accept-Language. Used by every server render.
import { getRequestConfig } from "next-intl/server";
import { requestPreferences } from "./request-preferences";
import { CATALOGS } from "./catalogs";
import { missingMessage } from "./config";

export default getRequestConfig(async () => {
  const { locale, timeZone } = await requestPreferences();
  return {
    locale,
    timeZone,
    now: new Date(),
    messages: CATALOGS[locale],
    getMessageFallback: missingMessage,
    onError: (e) => {
      // A missing key renders as the visible marker (the e2e suite fails on it); log it once here.
      console.error("[i18n]", e.message);
    },
  };
});
