import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";

/** The frame of the signed-out pages (login, first setup). */
export function AuthCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  const t = useTranslations("shell");
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-between gap-2">
          <p className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">{t("product")}</p>
          <LocaleSwitcher signedIn={false} tone="light" />
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-semibold text-zinc-900">{title}</h1>
          {description && <p className="mt-1 text-sm text-zinc-600">{description}</p>}
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </main>
  );
}
