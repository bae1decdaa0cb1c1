"use client";
// One live query per app page: the header, the actions and the services table read the same
// cache entry. Changes are pushed on the /events socket ("app"); the page polls only while the
// socket is down (fast while the app deploys or is deleted).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEventsSocket } from "@/components/live/use-events-socket";
import type { AppDto } from "@/lib/apps";
import { SEEDED, fetchJson, isGone, pollEvery } from "@/components/live/fetch-json";
import { BUSY_STATES } from "@/components/live/state-badge";
import { appKeys } from "./app-keys";

export function useApp(initial: AppDto) {
  const qc = useQueryClient();
  const key = appKeys.detail(initial.id);
  const connected = useEventsSocket(
    { event: "subscribe-app", arg: initial.id },
    {
      app: (a) => {
        if ((a as AppDto).id === initial.id) qc.setQueryData(key, a);
      },
    },
    [initial.id],
  );
  return useQuery({
    queryKey: key,
    queryFn: () => fetchJson<AppDto>(`/api/v1/apps/${initial.id}`),
    initialData: initial,
    ...SEEDED,
    refetchInterval: (q) => (connected || isGone(q.state.error) ? false : pollEvery(BUSY_STATES.has(q.state.data?.status ?? ""))),
  });
}
