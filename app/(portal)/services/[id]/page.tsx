import type { Metadata } from "next";
import Link from "next/link";
import { getApp } from "@/lib/apps";
import { getEnvironment } from "@/lib/environments";
import { getService, listServiceContainers, listServiceEvents } from "@/lib/services";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, DescriptionList, PageHeader } from "@/components/ui";
import { ScaleControl } from "@/components/services/scale-control";
import { ContainersTable } from "@/components/services/containers-table";
import { EventsList } from "@/components/services/events-list";
import { scaleServiceAction } from "./actions";

export const metadata: Metadata = { title: "Service" };

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const { appName, environmentId, ...service } = await orNotFound(getService({ actor, serviceId: id }));
  const [app, env, containers, events] = await Promise.all([
    getApp({ actor, appId: service.appId }),
    getEnvironment({ actor, environmentId }),
    listServiceContainers({ actor, serviceId: service.id }),
    listServiceEvents({ actor, serviceId: service.id, query: { limit: 100 } }),
  ]);
  const canScale = can(actor, "service.scale", { tenantId: app.tenantId });

  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href={`/environments/${environmentId}`} className="hover:underline">
              {env.name}
            </Link>{" "}
            /{" "}
            <Link href={`/apps/${service.appId}`} className="hover:underline">
              {appName}
            </Link>{" "}
            / Service
          </>
        }
        title={service.name}
        description={<span className="font-mono">{service.image}</span>}
      />
      <div className="space-y-6">
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Card title="Replicas" description="Scaling takes effect at once; it does not create a revision. The next redeploy uses the Compose file's count again.">
            <ScaleControl initial={service} canScale={canScale} action={scaleServiceAction} />
          </Card>
          <Card title="Details">
            <DescriptionList
              items={[
                { label: "App", value: <Link href={`/apps/${service.appId}`} className="text-blue-800 hover:underline">{appName}</Link> },
                { label: "Image", value: <span className="font-mono text-xs break-all">{service.image}</span> },
                {
                  label: "Published ports",
                  value: service.ports.length ? <span className="font-mono text-xs">{service.ports.map((p) => `${p.published}→${p.target}/${p.protocol}`).join(", ")}</span> : "None",
                },
                { label: "Last error", value: service.lastError ?? "None" },
              ]}
            />
          </Card>
        </div>
        <Card title="Containers" description="One task per replica slot, as the swarm last reported it." actions={<span className="flex gap-3 text-sm"><Link href={`/services/${service.id}/logs`} className="text-blue-800 hover:underline">Logs of all replicas</Link><Link href={`/services/${service.id}/stats`} className="text-blue-800 hover:underline">Stats</Link></span>}>
          <ContainersTable service={service} initial={containers.items} />
        </Card>
        <Card title="Events" description="Newest first; new events appear while this page is open.">
          <EventsList service={service} initial={events.items} />
        </Card>
      </div>
    </>
  );
}
