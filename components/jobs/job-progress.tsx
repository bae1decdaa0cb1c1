"use client";
// Follows one job (deploy, stop, start, delete, host removal) until it ends: a progress bar, the
// worker's message, the error if it failed. Progress is pushed on the /events socket; the job is
// polled only while the socket is down. When it ends, the queries it affected are refetched and the
// server parts of the page re-render.
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { JobDto } from "@/lib/jobs";
import { cn } from "@/components/ui";
import { fetchJson, isGone } from "@/components/live/fetch-json";
import { StateBadge } from "@/components/live/state-badge";
import { useEventsSocket } from "@/components/live/use-events-socket";
import { jobKeys } from "./job-keys";
import { useJobErrorText } from "./use-job-error";
import { useStoredText } from "@/components/live/use-stored-text";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
/** Job kinds with a title in the catalog (`jobs.titles.*`, dots as underscores). */
const TITLED = new Set(["app.deploy", "app.start", "app.stop", "app.delete", "host.remove", "image.commit", "upstream.sync"]);
const JOB_POLL_MS = 1_000;
const FALLBACK = new Set(["pending", "running", "succeeded", "failed", "cancelled"]);

export function JobProgress({ jobId, invalidate = [] }: { jobId: string; invalidate?: readonly (readonly unknown[])[] }) {
  const t = useTranslations("jobs");
  const errorText = useJobErrorText();
  const storedText = useStoredText();

  const qc = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const connected = useEventsSocket(
    {
      event: "subscribe-job",
      arg: jobId,
      onAck: (r) => {
        const job = (r as { job?: JobDto } | null)?.job;
        if (job) qc.setQueryData(jobKeys.detail(jobId), job);
      },
    },
    {
      job: (j) => {
        if ((j as JobDto).id === jobId) qc.setQueryData(jobKeys.detail(jobId), j);
      },
    },
    [jobId],
  );
  const q = useQuery({
    queryKey: jobKeys.detail(jobId),
    queryFn: () => fetchJson<JobDto>(`/api/v1/jobs/${jobId}`),
    refetchInterval: (query) => (connected || query.state.error || TERMINAL.has(query.state.data?.status ?? "") ? false : JOB_POLL_MS),
  });
  const job = q.data;
  const done = job ? TERMINAL.has(job.status) : false;
  const handled = useRef<string | null>(null);

  useEffect(() => {
    if (!done || handled.current === jobId) return;
    handled.current = jobId;
    for (const key of invalidate) void qc.invalidateQueries({ queryKey: key });
    router.refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per finished job; `invalidate` is a fresh array every render
  }, [done, jobId]);

  if (q.error) {
    return (
      <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        {isGone(q.error) ? t("gone") : t("loadFailed", { message: q.error.message })}
      </p>
    );
  }
  const title = job ? (TITLED.has(job.kind) ? t(`titles.${job.kind.replace(".", "_")}` as never) : job.kind) : t("job");
  const pct = Math.max(0, Math.min(100, job?.status === "succeeded" ? 100 : (job?.progress ?? 0)));
  return (
    <section aria-label={t("progressOf", { title })} className="rounded-lg border border-zinc-200 bg-white px-5 py-4 shadow-xs">
      <div className="mb-2 flex items-center justify-between gap-3">
        <p className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
          {title} {job && <StateBadge state={job.status} />}
        </p>
        {done && (
          <Link href={pathname} scroll={false} className="text-sm text-blue-800 hover:underline">
            {t("dismiss")}
          </Link>
        )}
      </div>
      <div
        role="progressbar"
        aria-label={t("progressOf", { title })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 overflow-hidden rounded-full bg-zinc-200"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-500",
            job?.status === "failed" ? "bg-red-600" : done ? "bg-emerald-600" : "bg-blue-600",
          )}
          style={{ width: `${pct}%` }}
        />
      </div>
      <p aria-live="polite" className="mt-2 text-sm text-zinc-700">
        {job ? storedText(job) || (FALLBACK.has(job.status) ? t(`fallback.${job.status}` as never) : job.status) : t("loading")}
        <span className="ml-2 text-xs text-zinc-500 tabular-nums">{pct}%</span>
      </p>
      {job?.error && (
        <p role="alert" className="mt-1 text-sm text-red-800">
          {errorText(job)}
        </p>
      )}
    </section>
  );
}
