"use client";
// One live query per app page: the header, the actions and the services table read the same
// cache entry, so the page makes one request per tick, fast while the app deploys or is deleted.
import { useQuery } from "@tanstack/react-query";
import type { AppDto } from "@/lib/apps";
import { SEEDED, fetchJson, isGone, pollEvery } from "@/components/live/fetch-json";
import { BUSY_STATES } from "@/components/live/state-badge";
import { appKeys } from "./app-keys";

export function useApp(initial: AppDto) {
  return useQuery({
    queryKey: appKeys.detail(initial.id),
    queryFn: () => fetchJson<AppDto>(`/api/v1/apps/${initial.id}`),
    initialData: initial,
    ...SEEDED,
    refetchInterval: (q) => (isGone(q.state.error) ? false : pollEvery(BUSY_STATES.has(q.state.data?.status ?? ""))),
  });
}
