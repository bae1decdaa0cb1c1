"use client";
// Toasts on sonner: success and error notes in one polite live region (a labelled region). The
// app's API stays `useToast().show(message, tone)`.
import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Toaster, toast } from "sonner";

type Tone = "success" | "error" | "info";
interface ToastApi {
  show(message: string, tone?: Tone): void;
}

const api: ToastApi = {
  show(message, tone = "success") {
    // Errors stay longer: they usually need reading.
    if (tone === "error") toast.error(message, { duration: 8000 });
    else if (tone === "success") toast.success(message);
    else toast(message);
  },
};

export function useToast(): ToastApi {
  return api;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useTranslations("common");
  const tu = useTranslations("uiprims");
  return (
    <>
      {children}
      <Toaster
        position="bottom-right"
        visibleToasts={4}
        duration={4000}
        richColors
        closeButton
        customAriaLabel={tu("notifications")}
        toastOptions={{ closeButtonAriaLabel: t("dismissNotification") }}
      />
    </>
  );
}
