import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { pageActor } from "@/app/_lib/page-actor";
import { EmptyState, PageHeader } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { PublishRequestCard } from "@/components/images/publish-request-card";
import { TemplateReviewCard } from "@/components/store/template-review-card";
import { getPublishQueueItem, listPublishQueue } from "@/lib/templates";
import type { PublishDetails } from "@/lib/images";
import type { TemplatePublishDetails } from "@/lib/templates";
import { approvePublishAction, rejectPublishAction } from "./actions";

export const generateMetadata = pageTitle("publishRequests");

function RequestCard({ pr, decide }: { pr: PublishDetails | TemplatePublishDetails; decide: boolean }) {
  const actions = decide ? { approveAction: approvePublishAction, rejectAction: rejectPublishAction } : {};
  return pr.kind === "template" ? <TemplateReviewCard pr={pr} {...actions} /> : <PublishRequestCard pr={pr} {...actions} />;
}

export default async function PublishRequestsPage() {
  const actor = await pageActor();
  const t = await getTranslations("adminPublish");
  if (!actor.platformAdmin) return <AdminOnly title={t("title")} />;
  const all = (await listPublishQueue({ actor })).items;
  const pending = await Promise.all(all.filter((r) => r.status === "pending").map((r) => getPublishQueueItem({ actor, requestId: r.id })));
  const decided = await Promise.all(
    all
      .filter((r) => r.status !== "pending")
      .slice(0, 50)
      .map((r) => getPublishQueueItem({ actor, requestId: r.id })),
  );
  return (
    <>
      <PageHeader eyebrow={t("eyebrow")} title={t("title")} description={t("description")} />
      <section aria-label={t("pendingLabel")} className="space-y-4">
        <h2 className="text-lg font-semibold">{t("pending")}</h2>
        {pending.length === 0 ? <EmptyState title={t("noPending")} /> : pending.map((pr) => <RequestCard key={pr.id} pr={pr} decide />)}
      </section>
      <section aria-label={t("history")} className="mt-8 space-y-4">
        <h2 className="text-lg font-semibold">{t("history")}</h2>
        {decided.length === 0 ? <EmptyState title={t("nothingDecided")} /> : decided.map((pr) => <RequestCard key={pr.id} pr={pr} decide={false} />)}
      </section>
    </>
  );
}
