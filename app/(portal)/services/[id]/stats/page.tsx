import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { getService } from "@/lib/services";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { StatsView } from "@/components/containers/stats-view";
import { ServiceSubpage } from "@/components/services/service-subpage";

export const generateMetadata = pageTitle("serviceStats");

// The service's replicas summed per sampling round; per-replica charts are on each container page.
export default async function ServiceStatsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const svc = await orNotFound(getService({ actor: await pageActor(), serviceId: id }));
  const t = await getTranslations("service");
  return (
    <ServiceSubpage svc={svc} label={t("stats")} description={t("statsDescription")}>
      <StatsView serviceId={svc.id} />
    </ServiceSubpage>
  );
}
