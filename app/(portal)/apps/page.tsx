import type { Metadata } from "next";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, EmptyState, PageHeader } from "@/components/ui";

export const metadata: Metadata = { title: "Apps" };

export default async function AppsPage() {
  await pageActor();
  return (
    <>
      <PageHeader title="Apps" description="Stacks of services defined by Compose files, each deployed into one environment." />
      <EmptyState title="No apps yet" action={<ButtonLink href="/environments">Choose an environment</ButtonLink>}>
        Deploy an app from an environment&apos;s page: pick the environment, then deploy a Compose file or a template. Apps from all your environments will be listed here.
      </EmptyState>
    </>
  );
}
