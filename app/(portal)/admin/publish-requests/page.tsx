import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { pageActor } from "@/app/_lib/page-actor";
import { EmptyState, PageHeader } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { PublishRequestCard } from "@/components/images/publish-request-card";
import { getPublishRequest, listPublishRequests } from "@/lib/images";
import { approvePublishAction, rejectPublishAction } from "./actions";

export const generateMetadata = pageTitle("publishRequests");

export default async function PublishRequestsPage() {
  const actor = await pageActor();
  const t = await getTranslations("adminPublish");
  if (!actor.platformAdmin) return <AdminOnly title={t("title")} />;
  const all = await listPublishRequests({ actor });
  const pending = await Promise.all(all.filter((r) => r.status === "pending").map((r) => getPublishRequest({ actor, requestId: r.id })));
  const decided = await Promise.all(
    all
      .filter((r) => r.status !== "pending")
      .slice(0, 50)
      .map((r) => getPublishRequest({ actor, requestId: r.id })),
  );
  return (
    <>
      <PageHeader eyebrow={t("eyebrow")} title={t("title")} description={t("description")} />
      <section aria-label={t("pendingLabel")} className="space-y-4">
        <h2 className="text-lg font-semibold">{t("pending")}</h2>
        {pending.length === 0 ? (
          <EmptyState title={t("noPending")} />
        ) : (
          pending.map((pr) => <PublishRequestCard key={pr.id} pr={pr} approveAction={approvePublishAction} rejectAction={rejectPublishAction} />)
        )}
      </section>
      <section aria-label={t("history")} className="mt-8 space-y-4">
        <h2 className="text-lg font-semibold">{t("history")}</h2>
        {decided.length === 0 ? <EmptyState title={t("nothingDecided")} /> : decided.map((pr) => <PublishRequestCard key={pr.id} pr={pr} />)}
      </section>
    </>
  );
}
