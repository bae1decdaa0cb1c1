"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui";

/** Copies a pull command or reference (never a credential: the pages only hold public strings). */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useTranslations("common");
  label ??= t("copy");
  const [done, setDone] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      aria-label={`${label}: ${text}`}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        });
      }}
    >
      {done ? t("copied") : label}
    </Button>
  );
}
