"use client";
import { useState } from "react";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui";

export function SignOutButton() {
  const t = useTranslations("shell");
  const [pending, setPending] = useState(false);
  return (
    <Button
      size="sm"
      variant="secondary"
      loading={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/login" });
      }}
    >
      {t("signOut")}
    </Button>
  );
}
