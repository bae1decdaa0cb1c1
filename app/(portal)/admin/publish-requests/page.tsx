import type { Metadata } from "next";
import { pageActor } from "@/app/_lib/page-actor";
import { EmptyState, PageHeader } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { PublishRequestCard } from "@/components/images/publish-request-card";
import { getPublishRequest, listPublishRequests } from "@/lib/images";
import { approvePublishAction, rejectPublishAction } from "./actions";

export const metadata: Metadata = { title: "Publish requests" };

export default async function PublishRequestsPage() {
  const actor = await pageActor();
  if (!actor.platformAdmin) return <AdminOnly title="Publish requests" />;
  const all = await listPublishRequests({ actor });
  const pending = await Promise.all(all.filter((r) => r.status === "pending").map((r) => getPublishRequest({ actor, requestId: r.id })));
  const decided = await Promise.all(all.filter((r) => r.status !== "pending").slice(0, 50).map((r) => getPublishRequest({ actor, requestId: r.id })));
  return (
    <>
      <PageHeader eyebrow="Admin" title="Publish requests" description="Members ask to publish an image digest to the marketplace. Approving copies exactly that digest into market/<name>." />
      <section aria-label="Pending requests" className="space-y-4">
        <h2 className="text-lg font-semibold">Pending</h2>
        {pending.length === 0 ? <EmptyState title="No pending requests" /> : pending.map((pr) => <PublishRequestCard key={pr.id} pr={pr} approveAction={approvePublishAction} rejectAction={rejectPublishAction} />)}
      </section>
      <section aria-label="History" className="mt-8 space-y-4">
        <h2 className="text-lg font-semibold">History</h2>
        {decided.length === 0 ? <EmptyState title="Nothing decided yet" /> : decided.map((pr) => <PublishRequestCard key={pr.id} pr={pr} />)}
      </section>
    </>
  );
}
