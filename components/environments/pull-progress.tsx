"use client";
// Follows one pull job host by host. The job's result carries each host's state while it runs; it
// is pushed on the /events socket with every progress step (polled only while the socket is down).
// A failed job keeps no result, so the last state seen stays on screen.
import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { useQuery } from "@tanstack/react-query";
import type { JobDto } from "@/lib/jobs";
import type { PullResult } from "@/lib/resources";
import { StateBadge } from "@/components/live/state-badge";
import { fetchJson } from "@/components/live/fetch-json";
import { useEventsSocket } from "@/components/live/use-events-socket";
import { jobKeys } from "@/components/jobs/job-keys";
import { TBody, Table, Td, Th, THead, Tr } from "@/components/ui";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const TONE = { pending: "pending", pulling: "running", done: "succeeded", failed: "failed" } as const;

export function PullProgress({ jobId, image }: { jobId: string; image: string }) {
  const t = useTranslations("resources.images");
  const [job, setJob] = useState<JobDto | null>(null);
  const [hosts, setHosts] = useState<PullResult["hosts"]>([]);
  const take = (j: JobDto) => {
    setJob(j);
    const r = j.result as PullResult | undefined;
    if (r?.hosts) setHosts(r.hosts);
  };
  const connected = useEventsSocket(
    {
      event: "subscribe-job",
      arg: jobId,
      onAck: (r) => {
        const j = (r as { job?: JobDto } | null)?.job;
        if (j) take(j);
      },
    },
    {
      job: (j) => {
        if ((j as JobDto).id === jobId) take(j as JobDto);
      },
    },
    [jobId],
  );
  const done = job ? TERMINAL.has(job.status) : false;
  const q = useQuery({
    queryKey: jobKeys.detail(jobId),
    queryFn: () => fetchJson<JobDto>(`/api/v1/jobs/${jobId}`),
    refetchInterval: connected || done ? false : 1_000,
  });
  useEffect(() => {
    if (q.data) take(q.data);
  }, [q.data]);

  return (
    <section aria-label={t("progressLabel", { image })} data-testid="pull-progress" className="rounded-lg border border-zinc-200 px-4 py-3">
      <p className="mb-2 flex items-center gap-2 text-sm font-semibold text-zinc-900">
        <span className="font-mono">{image}</span> {job && <StateBadge state={job.status} />}
      </p>
      {hosts.length > 0 && (
        <Table caption={t("progressLabel", { image })}>
          <THead>
            <Th>{t("host")}</Th>
            <Th>{t("state")}</Th>
            <Th className="text-right">{t("layersHeader")}</Th>
          </THead>
          <TBody>
            {hosts.map((h) => (
              <Tr key={h.hostId}>
                <Td>{h.hostName}</Td>
                <Td>
                  <StateBadge state={TONE[h.status]} label={t(`status.${h.status}`)} />
                  {h.status === "failed" && <span className="ml-2 text-xs text-red-800">{t(`problem.${h.problem ?? "other"}`)}</span>}
                </Td>
                <Td className="text-right text-xs tabular-nums">{h.layers > 0 ? t("layers", { done: h.layersDone, total: h.layers }) : "—"}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
