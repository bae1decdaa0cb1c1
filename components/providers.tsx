"use client";
// Client-side context for the whole app: translations (next-intl, the request's locale, catalog and
// time zone from the server), the next-auth session (login, sign-out), react-query (live data), and
// toasts.
import { useState, type ReactNode } from "react";
import { SessionProvider } from "next-auth/react";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ToastProvider } from "@/components/ui/toast";
import { missingMessage } from "@/lib/i18n/config";

export interface ProvidersProps {
  children: ReactNode;
  locale: string;
  messages: AbstractIntlMessages;
  timeZone: string;
  now: Date;
}

export function Providers({ children, locale, messages, timeZone, now }: ProvidersProps) {
  // One client per browser tab (not per render, not shared between server requests).
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }));
  return (
    <NextIntlClientProvider
      locale={locale}
      messages={messages}
      timeZone={timeZone}
      now={now}
      getMessageFallback={missingMessage}
      onError={(e) => console.error("[i18n]", e.message)}
    >
      <SessionProvider>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>{children}</ToastProvider>
        </QueryClientProvider>
      </SessionProvider>
    </NextIntlClientProvider>
  );
}
