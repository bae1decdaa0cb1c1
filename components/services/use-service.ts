"use client";
// The live service of a service page, shared by its summary and its scale control (one request
// per tick): fast while replicas converge to what was asked, slow once they match.
import { useQuery } from "@tanstack/react-query";
import type { ServiceDto } from "@/lib/apps";
import { SEEDED, fetchJson, isGone, pollEvery } from "@/components/live/fetch-json";
import { serviceKeys } from "./service-keys";

export const converging = (s: ServiceDto | undefined) => !!s && s.replicas.running !== s.replicas.desired;

export function useService(initial: ServiceDto) {
  return useQuery({
    queryKey: serviceKeys.detail(initial.id),
    queryFn: () => fetchJson<ServiceDto>(`/api/v1/services/${initial.id}`),
    initialData: initial,
    ...SEEDED,
    refetchInterval: (q) => (isGone(q.state.error) ? false : pollEvery(converging(q.state.data))),
  });
}
