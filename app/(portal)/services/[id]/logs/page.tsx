import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { getService } from "@/lib/services";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { LogsView } from "@/components/containers/logs-view";
import { ServiceSubpage } from "@/components/services/service-subpage";

export const generateMetadata = pageTitle("serviceLogs");

// Every replica's log merged, each line named by its replica slot and host.
export default async function ServiceLogsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const svc = await orNotFound(getService({ actor: await pageActor(), serviceId: id }));
  const t = await getTranslations("service");
  return (
    <ServiceSubpage svc={svc} label={t("logs")} description={t("logsDescription")}>
      <LogsView serviceId={svc.id} />
    </ServiceSubpage>
  );
}
