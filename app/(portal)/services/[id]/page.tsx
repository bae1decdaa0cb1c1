import { CurrentTenant } from "@/components/shell/current-tenant";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import Link from "next/link";
import { getEnvironment } from "@/lib/environments";
import { getService, listServiceContainers, listServiceEvents } from "@/lib/services";
import { listHosts } from "@/lib/hosts";
import { convergeLimit } from "@/components/services/converge-limit";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, DescriptionList, PageHeader } from "@/components/ui";
import { ScaleControl } from "@/components/services/scale-control";
import { ContainersTable } from "@/components/services/containers-table";
import { EventsList } from "@/components/services/events-list";
import { ServiceActions } from "@/components/services/service-actions";
import { CONTAINERS_PAGE_SIZE, EVENTS_PAGE_SIZE } from "@/components/services/page-sizes";
import {
  removeContainerAction,
  restartContainerAction,
  restartServiceAction,
  rollbackServiceAppAction,
  scaleServiceAction,
  startServiceAction,
  stopServiceAction,
  updateServiceImageAction,
} from "./actions";

export const generateMetadata = pageTitle("service");

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const t = await getTranslations("service");
  // the service row names its tenant: the app itself is not read (issue 20: the page of a service
  // with hundreds of containers is one of the most visited)
  const { appName, environmentId, tenantId, ...service } = await orNotFound(getService({ actor, serviceId: id }));
  const [env, containers, events, hosts] = await Promise.all([
    getEnvironment({ actor, environmentId }),
    listServiceContainers({ actor, serviceId: service.id }),
    // the lists' first pages only: their live queries load the rest once the page is up (issue 20:
    // all 100 containers and 100 events went into the payload; the bench's page p95 went 57 -> 45 ms)
    listServiceEvents({ actor, serviceId: service.id, query: { limit: EVENTS_PAGE_SIZE } }),
    // the hosts matter only to the replica limit of published ports (convergeLimit)
    service.ports.length ? listHosts({ actor, environmentId }) : null,
  ]);
  const limit = convergeLimit({
    publishMode: env.publishMode,
    publishedPorts: service.ports.length,
    schedulableHosts: (hosts?.items ?? []).filter((h) => h.status === "ready" && h.availability === "active").length,
  });
  const canScale = can(actor, "service.scale", { tenantId });
  const canManage = can(actor, "service.manage", { tenantId });

  return (
    <>
      <CurrentTenant id={tenantId} />
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
            / {t("eyebrow")}
          </>
        }
        title={service.name}
        description={<span className="font-mono">{service.image}</span>}
        actions={
          canManage ? (
            <ServiceActions
              initial={service}
              actions={{
                restart: restartServiceAction,
                stop: stopServiceAction,
                start: startServiceAction,
                updateImage: updateServiceImageAction,
                rollback: rollbackServiceAppAction,
              }}
            />
          ) : undefined
        }
      />
      <div className="space-y-6">
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Card title={t("replicas")} description={t("replicasDescription")}>
            <ScaleControl initial={service} canScale={canScale} action={scaleServiceAction} limit={limit} />
          </Card>
          <Card title={t("details")}>
            <DescriptionList
              items={[
                {
                  label: t("app"),
                  value: (
                    <Link href={`/apps/${service.appId}`} className="text-blue-800 hover:underline">
                      {appName}
                    </Link>
                  ),
                },
                { label: t("image"), value: <span className="font-mono text-xs break-all">{service.image}</span> },
                {
                  label: t("publishedPorts"),
                  value: service.ports.length ? (
                    <span className="font-mono text-xs">{service.ports.map((p) => `${p.published}→${p.target}/${p.protocol}`).join(", ")}</span>
                  ) : (
                    t("none")
                  ),
                },
                { label: t("lastError"), value: service.lastError ?? t("none") },
              ]}
            />
          </Card>
        </div>
        <Card
          title={t("containers")}
          description={t("containersDescription")}
          actions={
            <span className="flex gap-3 text-sm">
              <Link href={`/services/${service.id}/logs`} className="text-blue-800 hover:underline">
                {t("logsLink")}
              </Link>
              <Link href={`/services/${service.id}/stats`} className="text-blue-800 hover:underline">
                {t("statsLink")}
              </Link>
            </span>
          }
        >
          <ContainersTable
            service={service}
            initial={containers.items.slice(0, CONTAINERS_PAGE_SIZE)}
            total={containers.items.length}
            manage={can(actor, "container.manage", { tenantId }) ? { restart: restartContainerAction, remove: removeContainerAction } : undefined}
          />
        </Card>
        <Card title={t("events")} description={t("eventsDescription")}>
          <EventsList service={service} initial={events.items} />
        </Card>
      </div>
    </>
  );
}
