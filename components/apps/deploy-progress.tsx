"use client";
// A deploy as it happens: the step list with timings, each service's tasks changing state, why it
// failed (in the reader's language, with what to do), and a cancel button. Pushed on the /events
// socket into the react-query cache; the REST read is the fallback only while the socket is down.
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeployDto } from "@/lib/apps";
import { progressPercent } from "@/lib/apps/deploy-state";
import { Badge, Button, cn } from "@/components/ui";
import type { BadgeTone } from "@/components/ui/badge";
import { apiHeaders, fetchJson } from "@/components/live/fetch-json";
import { useEventsSocket } from "@/components/live/use-events-socket";
import { jobKeys } from "@/components/jobs/job-keys";

const FINAL = new Set(["healthy", "failed", "cancelled"]);
const FALLBACK_POLL_MS = 2_000;

export const deployKeys = { job: (jobId: string) => ["deploys", "job", jobId] as const };

const PHASE_TONE: Record<string, BadgeTone> = {
  pending: "blue",
  preflight: "blue",
  applying: "blue",
  converging: "blue",
  healthy: "green",
  failed: "red",
  cancelled: "neutral",
};
const TASK_TONE: Record<string, BadgeTone> = { pending: "blue", pulling: "blue", starting: "blue", running: "green", complete: "green", failed: "red" };
const OUTCOME_TONE: Record<string, BadgeTone> = { done: "green", failed: "red", cancelled: "neutral", running: "blue" };

type Params = Record<string, string | number>;

function seconds(from: string, to: string | undefined, now: number): number {
  return Math.max(0, Math.round(((to ? Date.parse(to) : now) - Date.parse(from)) / 100) / 10);
}

export function DeployProgress({
  appId,
  jobId,
  initial,
  canCancel,
  invalidate = [],
}: {
  appId: string;
  jobId: string;
  initial: DeployDto;
  canCancel: boolean;
  invalidate?: readonly (readonly unknown[])[];
}) {
  const t = useTranslations("deployment");
  const tj = useTranslations("jobs");
  const tr = useTranslations();
  const qc = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const key = deployKeys.job(jobId);
  const connected = useEventsSocket(
    {
      event: "subscribe-job",
      arg: jobId,
      onAck: (r) => {
        const deploy = (r as { deploy?: DeployDto } | null)?.deploy;
        if (deploy) qc.setQueryData(key, deploy);
      },
    },
    {
      deploy: (d) => {
        const dto = d as DeployDto;
        if (dto.jobId === jobId) qc.setQueryData(key, dto);
      },
      job: (j) => {
        const job = j as { id: string };
        if (job.id === jobId) qc.setQueryData(jobKeys.detail(jobId), j);
      },
    },
    [jobId],
  );
  const q = useQuery({
    queryKey: key,
    queryFn: () => fetchJson<DeployDto>(`/api/v1/apps/${appId}/deploy?jobId=${encodeURIComponent(jobId)}`),
    initialData: initial,
    gcTime: 0,
    // pushed while the socket is up; read every 2 s only while it is down
    refetchInterval: (query) => (connected || FINAL.has(query.state.data?.phase ?? "") ? false : FALLBACK_POLL_MS),
  });
  const d = q.data;
  const done = FINAL.has(d.phase);
  const pct = progressPercent(d.phase, d.services);
  const handled = useRef(false);
  const [now, setNow] = useState(() => Date.now());
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);

  useEffect(() => {
    if (done) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [done]);

  useEffect(() => {
    if (!done || handled.current) return;
    handled.current = true;
    for (const k of invalidate) void qc.invalidateQueries({ queryKey: k });
    router.refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the deploy ends; `invalidate` is a fresh array every render
  }, [done]);

  async function cancel() {
    setCancelling(true);
    setCancelError(null);
    try {
      const res = await fetch(`/api/v1/apps/${appId}/cancel`, { method: "POST", headers: apiHeaders({ "content-type": "application/json" }), body: "{}" });
      const body = await res.json().catch(() => null);
      if (!res.ok) setCancelError(body?.error?.message ?? String(res.status));
      else qc.setQueryData<DeployDto>(key, (old) => (old ? { ...old, cancelRequested: true, cancellable: false } : old));
    } finally {
      setCancelling(false);
    }
  }

  const message = (k: string | undefined, params: Params | undefined, fallback: string) =>
    k && tr.has(k as never) ? tr(k as never, params as never) : fallback;
  const failure = d.failure;
  const details = failure?.details ?? [];
  const detailText = details.map((x) => message(x.key, x.params, x.message));
  const failureText = failure
    ? message(failure.key, failure.key === "deployment.errors.preflight" ? { ...failure.params, first: detailText[0] ?? "" } : failure.params, failure.message)
    : null;

  return (
    <section
      aria-label={tj("progressOf", { title: tj("titles.app_deploy") })}
      data-phase={d.phase}
      className="rounded-lg border border-zinc-200 bg-white px-5 py-4 shadow-xs"
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
          {t("ui.title", { revision: d.revision })}
          <Badge tone={PHASE_TONE[d.phase] ?? "neutral"}>
            <span data-testid="deploy-phase">{t(`phases.${d.phase}`)}</span>
          </Badge>
          {!done && (
            <span className={cn("text-xs font-normal", connected ? "text-emerald-700" : "text-amber-700")} data-testid="deploy-live">
              {connected ? t("ui.live") : t("ui.offline")}
            </span>
          )}
        </p>
        <div className="flex items-center gap-3">
          {canCancel && d.cancellable && !done && (
            <Button variant="danger" size="sm" loading={cancelling} onClick={() => void cancel()}>
              {cancelling ? t("ui.cancelling") : t("ui.cancel")}
            </Button>
          )}
          {done && (
            <Link href={pathname} scroll={false} className="text-sm text-blue-800 hover:underline">
              {t("ui.dismiss")}
            </Link>
          )}
        </div>
      </div>
      <div
        role="progressbar"
        aria-label={t("ui.title", { revision: d.revision })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="mb-3 h-2 overflow-hidden rounded-full bg-zinc-200"
      >
        <div
          className={cn("h-full rounded-full transition-[width] duration-500", d.phase === "failed" ? "bg-red-600" : done ? "bg-emerald-600" : "bg-blue-600")}
          style={{ width: `${pct}%` }}
        />
      </div>
      {d.cancelRequested && !done && <p className="mb-2 text-sm text-amber-800">{t("ui.cancelRequested")}</p>}
      {cancelError && (
        <p role="alert" className="mb-2 text-sm text-red-800">
          {t("ui.cancelFailed", { message: cancelError })}
        </p>
      )}

      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("ui.steps")}</h3>
      <ol className="mt-1 mb-3 space-y-1" aria-label={t("ui.steps")}>
        {d.steps.map((s, i) => {
          const outcome = s.outcome ?? "running";
          return (
            <li key={`${s.name}-${i}`} data-step={s.name} data-outcome={outcome} className="flex items-center gap-2 text-sm text-zinc-800">
              <Badge tone={OUTCOME_TONE[outcome]}>{t(`outcomes.${outcome}`)}</Badge>
              <span>{t(`steps.${s.name}`)}</span>
              <span className="text-xs text-zinc-500 tabular-nums">{t("ui.seconds", { seconds: seconds(s.startedAt, s.endedAt, now) })}</span>
            </li>
          );
        })}
      </ol>

      {d.services.length > 0 && (
        <>
          <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("ui.services")}</h3>
          <ul className="mt-1 space-y-2" aria-label={t("ui.services")}>
            {d.services.map((s) => (
              <li key={s.name} data-service={s.name} className="text-sm">
                <p className="font-medium text-zinc-900">
                  {s.name} <span className="text-xs font-normal text-zinc-600">{t("ui.running", { running: s.running, desired: s.desired })}</span>
                </p>
                {s.tasks.length === 0 ? (
                  <p className="text-xs text-zinc-500">{t("ui.noTasks")}</p>
                ) : (
                  <ul className="mt-1 flex flex-wrap gap-2">
                    {s.tasks.map((task) => (
                      <li key={task.id} data-task-state={task.state} className="flex items-center gap-1 text-xs text-zinc-700">
                        <span>{task.slot !== undefined ? t("ui.slot", { slot: task.slot }) : t("ui.task")}</span>
                        <Badge tone={TASK_TONE[task.state] ?? "neutral"}>{t(`tasks.${task.state}`)}</Badge>
                        {task.host && <span>{t("ui.onHost", { host: task.host })}</span>}
                        {task.reason && <span className="text-red-800">{t(`reasons.${task.reason}` as never)}</span>}
                        {task.exitCode !== undefined && <span className="text-red-800">{t("ui.exitCode", { code: task.exitCode })}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      {failureText && (
        <div role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="deploy-failure">
          <p>{failureText}</p>
          {detailText.length > 1 && (
            <>
              <p className="mt-2 font-medium">{t("ui.problems")}</p>
              <ul className="list-disc pl-5">
                {detailText.map((text, i) => (
                  <li key={i}>{text}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
