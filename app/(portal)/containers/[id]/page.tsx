import { CurrentTenant } from "@/components/shell/current-tenant";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import Link from "next/link";
import { Suspense } from "react";
import { getContainer } from "@/lib/containers";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, PageHeader } from "@/components/ui";
import { StateBadge } from "@/components/live/state-badge";
import { ContainerTabs } from "@/components/containers/container-tabs";
import { InspectView } from "@/components/containers/inspect-view";
import { CommitButton } from "@/components/images/commit-button";

export const generateMetadata = pageTitle("container");

export default async function ContainerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const t = await getTranslations("container");
  const c = await orNotFound(getContainer({ actor, containerId: id }));
  const running = c.state === "running";
  return (
    <>
      <CurrentTenant id={c.tenantId} />
      <PageHeader
        eyebrow={
          <>
            <Link href={`/apps/${c.appId}`} className="hover:underline">
              {c.appName}
            </Link>{" "}
            /{" "}
            <Link href={`/services/${c.serviceId}`} className="hover:underline">
              {c.serviceName}
            </Link>{" "}
            / {t("eyebrow")}
          </>
        }
        title={`${c.serviceName}.${c.slot ?? "?"}`}
        actions={running && can(actor, "container.commit", { tenantId: c.tenantId }) ? <CommitButton containerId={c.id} /> : undefined}
        description={
          <span className="flex items-center gap-2">
            <StateBadge state={c.state} /> {c.host ? t("onHost", { host: c.host.name }) : t("noHost")}
          </span>
        }
      />
      <Card>
        <Suspense>
          <ContainerTabs
            containerId={c.id}
            running={running}
            canExec={can(actor, "container.exec", { tenantId: c.tenantId })}
            canFiles={can(actor, "container.files", { tenantId: c.tenantId })}
            inspect={<InspectView c={c} />}
          />
        </Suspense>
      </Card>
    </>
  );
}
