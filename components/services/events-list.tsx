"use client";
// What happened to a service, newest first: scaling, replica counts as observed, task errors,
// drift made outside the portal. Polled, so new events appear at the top while the page is open.
import { useTranslations } from "next-intl";
import { useQuery } from "@tanstack/react-query";
import { EmptyState, Pager, Time, usePage } from "@/components/ui";
import { POLL_FAST_MS, POLL_SLOW_MS, fetchJson, seedFirstPage } from "@/components/live/fetch-json";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ServiceDto } from "@/lib/apps";
import type { StoredText } from "@/lib/errors";
import { useStoredText } from "@/components/live/use-stored-text";
import { serviceKeys } from "./service-keys";
import { converging, useService } from "./use-service";
import { EVENTS_PAGE_SIZE } from "./page-sizes";

export interface ServiceEvent extends StoredText {
  id: string;
  type: string;
  createdAt: string;
}

const TONES: Record<string, BadgeTone> = { "task-error": "red", drift: "amber", scale: "blue", replicas: "neutral" };

/** `initial` is the latest page of events; when it is full there may be more, loaded (up to 100)
 * once the page is live. */
export function EventsList({ service, initial }: { service: ServiceDto; initial: ServiceEvent[] }) {
  const t = useTranslations("events");
  const more = useTranslations("serviceEventTypes");
  const text = useStoredText();
  const serviceId = service.id;
  // Faster while replicas converge: that is when events arrive.
  const busy = converging(useService(service).data);
  const q = useQuery({
    queryKey: serviceKeys.events(serviceId),
    queryFn: () => fetchJson<{ items: ServiceEvent[] }>(`/api/v1/services/${serviceId}/events?limit=100`),
    ...seedFirstPage(initial, initial.length >= EVENTS_PAGE_SIZE),
    refetchInterval: busy ? POLL_FAST_MS : POLL_SLOW_MS,
  });
  const items = [...q.data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const page = usePage(items, EVENTS_PAGE_SIZE);
  if (items.length === 0) return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  return (
    <>
      <ol className="divide-y divide-zinc-100 rounded-lg border border-zinc-200" aria-label={t("label")}>
        {page.items.map((e) => (
          <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2 text-sm">
            <Time value={e.createdAt} seconds className="font-mono text-xs whitespace-nowrap text-zinc-500" />
            <Badge tone={TONES[e.type] ?? "neutral"}>
              {t.has(`types.${e.type}` as never) ? t(`types.${e.type}` as never) : more.has(e.type as never) ? more(e.type as never) : e.type}
            </Badge>
            <span className="min-w-0 flex-1 text-zinc-800">{text(e)}</span>
          </li>
        ))}
      </ol>
      <Pager of={page} label={t("pages")} />
    </>
  );
}
