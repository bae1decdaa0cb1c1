// The locale and time zone of the current request (server components, server actions, routes).
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { sessionActor } from "@/lib/auth";
import { getMyPreferences } from "@/lib/users";
import { LOCALE_COOKIE, TIME_ZONE_COOKIE, pickLocale, pickTimeZone, type AppLocale } from "./config";

export interface RequestPreferences {
  locale: AppLocale;
  timeZone: string;
  /** The user chose these (else they follow the browser). */
  userLocale: boolean;
  userTimeZone: boolean;
}

export const requestPreferences = cache(async (): Promise<RequestPreferences> => {
  const [h, c] = await Promise.all([headers(), cookies()]);
  let user: { locale: string | null; timeZone: string | null } | null = null;
  try {
    const actor = await sessionActor();
    if (actor) user = await getMyPreferences({ actor });
  } catch {
    // No session machinery here (e.g. the build): the browser's signals decide.
  }
  return {
    locale: pickLocale({ user: user?.locale, cookie: c.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get("accept-language") }),
    timeZone: pickTimeZone({ user: user?.timeZone, cookie: c.get(TIME_ZONE_COOKIE)?.value }),
    userLocale: Boolean(user?.locale),
    userTimeZone: Boolean(user?.timeZone),
  };
});

/** The locale of an API caller: Accept-Language only (a script states its language per request). */
export async function callerLocale(): Promise<AppLocale> {
  const h = await headers();
  return pickLocale({ acceptLanguage: h.get("accept-language") });
}
