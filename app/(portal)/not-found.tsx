import { ButtonLink, EmptyState, PageHeader } from "@/components/ui";

// Inside the shell, so navigation stays available. "Missing" and "not yours" look the same here,
// as they do in the API.
export default function PortalNotFound() {
  return (
    <>
      <PageHeader title="Not found" />
      <EmptyState title="This page does not exist, or you do not have access to it." action={<ButtonLink href="/">Go to the dashboard</ButtonLink>}>
        Check the address, or ask a tenant owner to add you to the tenant it belongs to.
      </EmptyState>
    </>
  );
}
