"use client";
// The language switcher in the header (and on the sign-in page): saved per user when signed in,
// in a cookie always (so the sign-in page and a new session start in it).
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { LOCALES, LOCALE_COOKIE } from "@/lib/i18n/config";
import { updatePreferencesAction } from "@/app/(portal)/settings/preferences/actions";
import { cn, focusRing } from "@/components/ui/cn";
import { useToast } from "@/components/ui/toast";

/** Each language named in itself: whoever cannot read the current one still finds theirs. */
const NATIVE_NAMES: Record<string, string> = { "zh-CN": "简体中文", en: "English" };

export function LocaleSwitcher({ signedIn, tone = "dark" }: { signedIn: boolean; tone?: "dark" | "light" }) {
  const t = useTranslations("shell");
  const locale = useLocale();
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();

  function choose(next: string) {
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    start(async () => {
      if (signedIn) {
        const fd = new FormData();
        fd.set("locale", next);
        const r = await updatePreferencesAction(fd);
        if (!r.ok) toast.show(r.error.message, "error");
      }
      router.refresh();
    });
  }

  return (
    <select
      aria-label={t("language")}
      value={locale}
      disabled={pending}
      onChange={(e) => choose(e.target.value)}
      data-testid="locale-switcher"
      className={cn(
        "h-8 rounded-md border px-2 text-sm",
        tone === "dark" ? "border-zinc-600 bg-zinc-800 text-zinc-100" : "border-zinc-300 bg-white text-zinc-800",
        focusRing,
      )}
    >
      {LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>
          {NATIVE_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
