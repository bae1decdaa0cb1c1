"use client";
// Unexpected failures while rendering a portal page. Server messages are not shown here (Next
// hides them in production anyway); the digest lets an operator find the entry in the portal log.
import { useTranslations } from "next-intl";
import { Button, EmptyState } from "@/components/ui";

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <div className="py-8">
      <h1 className="mb-4 text-2xl font-semibold">{t("title")}</h1>
      <EmptyState title={t("couldNotLoad")} action={<Button onClick={reset}>{t("tryAgain")}</Button>}>
        {t.rich("body", { digest: error.digest ?? "n/a", code: (c) => <code>{c}</code> })}
      </EmptyState>
    </div>
  );
}
