import type { Metadata } from "next";
import { pageActor } from "@/app/_lib/page-actor";
import { EmptyState, PageHeader } from "@/components/ui";

export const metadata: Metadata = { title: "Marketplace" };

export default async function MarketplacePage() {
  const actor = await pageActor();
  return (
    <>
      <PageHeader title="Marketplace" description="Images and templates published for every tenant, approved by platform admins." />
      <EmptyState title="Nothing published yet">
        {actor.platformAdmin
          ? "Approve a publish request, or add an official image or template, and it appears here for every tenant."
          : "Tenants publish an image or template from its page; once a platform admin approves it, it appears here for everyone."}
      </EmptyState>
    </>
  );
}
