import type { Metadata } from "next";
import Link from "next/link";
import { getService } from "@/lib/services";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, PageHeader } from "@/components/ui";
import { StatsView } from "@/components/containers/stats-view";

export const metadata: Metadata = { title: "Service stats" };

// The service's replicas summed per sampling round; per-replica charts are on each container page.
export default async function ServiceStatsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const svc = await orNotFound(getService({ actor, serviceId: id }));
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href={`/apps/${svc.appId}`} className="hover:underline">{svc.appName}</Link> /{" "}
            <Link href={`/services/${svc.id}`} className="hover:underline">{svc.name}</Link> / Stats
          </>
        }
        title={`Stats of ${svc.name}`}
        description="All replicas summed, from the portal's own samples (kept 24 h by default)."
      />
      <Card>
        <StatsView serviceId={svc.id} />
      </Card>
    </>
  );
}
