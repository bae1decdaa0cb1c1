import type { Metadata } from "next";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, EmptyState, PageHeader } from "@/components/ui";

export const metadata: Metadata = { title: "Images" };

export default async function ImagesPage() {
  await pageActor();
  return (
    <>
      <PageHeader title="Images" description="Container images in the platform registry: official, shared in your tenant, and your personal ones." />
      <EmptyState title="No images yet" action={<ButtonLink href="/settings/tokens">Create an API token</ButtonLink>}>
        Push an image to the platform registry with an API token as the password, or commit a running container from its page. Your images will be listed here.
      </EmptyState>
    </>
  );
}
