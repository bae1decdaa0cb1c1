import type { Metadata } from "next";
import Link from "next/link";
import { getService } from "@/lib/services";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, PageHeader } from "@/components/ui";
import { LogsView } from "@/components/containers/logs-view";

export const metadata: Metadata = { title: "Service logs" };

// Every replica's log merged, each line named by its replica slot and host.
export default async function ServiceLogsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const svc = await orNotFound(getService({ actor, serviceId: id }));
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href={`/apps/${svc.appId}`} className="hover:underline">{svc.appName}</Link> /{" "}
            <Link href={`/services/${svc.id}`} className="hover:underline">{svc.name}</Link> / Logs
          </>
        }
        title={`Logs of ${svc.name}`}
        description="All running replicas, merged; each line names its replica as slot@host."
      />
      <Card>
        <LogsView serviceId={svc.id} />
      </Card>
    </>
  );
}
