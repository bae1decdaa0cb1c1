import type { Metadata } from "next";
import { getService } from "@/lib/services";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { StatsView } from "@/components/containers/stats-view";
import { ServiceSubpage } from "@/components/services/service-subpage";

export const metadata: Metadata = { title: "Service stats" };

// The service's replicas summed per sampling round; per-replica charts are on each container page.
export default async function ServiceStatsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const svc = await orNotFound(getService({ actor: await pageActor(), serviceId: id }));
  return (
    <ServiceSubpage svc={svc} label="Stats" description="All replicas summed, from the portal's own samples (kept 24 h by default).">
      <StatsView serviceId={svc.id} />
    </ServiceSubpage>
  );
}
