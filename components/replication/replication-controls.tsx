"use client";
// The replication page's live parts: "Compare now" (answers how many copies it queued), a row's
// "Retry", and a refresh every few seconds while copies are queued, running or waiting to retry.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button, useToast } from "@/components/ui";
import { apiHeaders, POLL_FAST_MS } from "@/components/live/fetch-json";

async function post<T>(url: string): Promise<{ ok: true; body: T } | { ok: false; message: string }> {
  const res = await fetch(url, { method: "POST", headers: apiHeaders({ "content-type": "application/json" }), body: "{}" });
  const body = await res.json().catch(() => null);
  return res.ok ? { ok: true, body: body as T } : { ok: false, message: body?.error?.message ?? `HTTP ${res.status}` };
}

/** A button that POSTs to `url`, says how it went in a toast and re-renders the page. */
function PostButton<T>({ url, label, ariaLabel, done, size }: { url: string; label: string; ariaLabel?: string; done: (body: T) => string; size?: "sm" }) {
  const toast = useToast();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size={size}
      variant="secondary"
      loading={busy}
      aria-label={ariaLabel}
      onClick={async () => {
        setBusy(true);
        const r = await post<T>(url);
        setBusy(false);
        if (r.ok) toast.show(done(r.body));
        else toast.show(r.message, "error");
        router.refresh();
      }}
    >
      {label}
    </Button>
  );
}

export function CompareNowButton() {
  const t = useTranslations("replicationPage");
  return <PostButton<{ queued: number }> url="/api/v1/replication/compare" label={t("compare")} done={(b) => t("compared", { count: b.queued })} />;
}

export function RetryButton({ taskId, image, region }: { taskId: string; image: string; region: string }) {
  const t = useTranslations("replicationPage");
  return (
    <PostButton
      size="sm"
      url={`/api/v1/replication/tasks/${encodeURIComponent(taskId)}/retry`}
      label={t("retry")}
      ariaLabel={t("retryAria", { image, region })}
      done={() => t("retried")}
    />
  );
}

/** Refreshes the server-rendered page while something is moving. */
export function RefreshWhileActive({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => router.refresh(), POLL_FAST_MS);
    return () => clearInterval(id);
  }, [active, router]);
  return null;
}
