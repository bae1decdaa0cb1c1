import { ButtonLink, EmptyState } from "@/components/ui";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-16">
      <h1 className="mb-4 text-2xl font-semibold">Not found</h1>
      <EmptyState title="This page does not exist, or you do not have access to it." action={<ButtonLink href="/">Go to the dashboard</ButtonLink>}>
        Check the address, or ask a tenant owner to add you to the tenant it belongs to.
      </EmptyState>
    </main>
  );
}
