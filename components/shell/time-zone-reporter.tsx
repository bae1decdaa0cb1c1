"use client";
// The browser tells the server its time zone once (a cookie): times are then rendered in it on the
// server too. A time zone the user chose in the settings wins; nothing to do then.
import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { TIME_ZONE_COOKIE } from "@/lib/i18n/config";

export function TimeZoneReporter({ serverTimeZone, userChosen }: { serverTimeZone: string; userChosen: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (userChosen) return;
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!tz) return;
    const current = document.cookie
      .split("; ")
      .find((c) => c.startsWith(`${TIME_ZONE_COOKIE}=`))
      ?.slice(TIME_ZONE_COOKIE.length + 1);
    if (current !== encodeURIComponent(tz)) document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(tz)}; path=/; max-age=31536000; samesite=lax`;
    if (tz !== serverTimeZone) router.refresh();
  }, [serverTimeZone, userChosen, router]);
  return null;
}
