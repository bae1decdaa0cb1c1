import type { Metadata } from "next";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, EmptyState, PageHeader } from "@/components/ui";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage() {
  await pageActor();
  return (
    <>
      <PageHeader title="Templates" description="One-click apps: a Compose file plus a few typed questions, personal or shared in your tenant." />
      <EmptyState title="No templates yet" action={<ButtonLink href="/marketplace">Browse the marketplace</ButtonLink>}>
        Save a deployed app as a template to reuse it, or start from one in the marketplace. Your templates will be listed here.
      </EmptyState>
    </>
  );
}
