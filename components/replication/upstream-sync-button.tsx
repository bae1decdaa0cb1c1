"use client";
// "Sync now" on an upstream of the hub: queues its sync job and follows it (progress per repository,
// the failure's reason); the page shows the new report when it ends.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, useToast } from "@/components/ui";
import { apiHeaders } from "@/components/live/fetch-json";
import { JobProgress } from "@/components/jobs/job-progress";

export function UpstreamSyncButton({ upstreamId, name, runningJobId }: { upstreamId: string; name: string; runningJobId?: string | null }) {
  const t = useTranslations("upstreamsPage");
  const toast = useToast();
  const [jobId, setJobId] = useState<string | null>(runningJobId ?? null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        loading={busy}
        aria-label={t("syncAria", { name })}
        onClick={async () => {
          setBusy(true);
          const res = await fetch(`/api/v1/upstreams/${encodeURIComponent(upstreamId)}/sync`, { method: "POST", headers: apiHeaders() });
          const body = await res.json().catch(() => null);
          setBusy(false);
          if (res.ok) setJobId(body.jobId);
          else toast.show(body?.error?.message ?? `HTTP ${res.status}`, "error");
        }}
      >
        {t("sync")}
      </Button>
      {jobId && <JobProgress jobId={jobId} />}
    </div>
  );
}
