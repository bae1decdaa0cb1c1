import type { Metadata } from "next";
import { getService } from "@/lib/services";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { LogsView } from "@/components/containers/logs-view";
import { ServiceSubpage } from "@/components/services/service-subpage";

export const metadata: Metadata = { title: "Service logs" };

// Every replica's log merged, each line named by its replica slot and host.
export default async function ServiceLogsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const svc = await orNotFound(getService({ actor: await pageActor(), serviceId: id }));
  return (
    <ServiceSubpage svc={svc} label="Logs" description="All running replicas, merged; each line names its replica as slot@host.">
      <LogsView serviceId={svc.id} />
    </ServiceSubpage>
  );
}
