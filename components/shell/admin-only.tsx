import { EmptyState, PageHeader } from "@/components/ui";

/** What a non-admin sees on an admin page (the use-cases refuse them anyway). */
export function AdminOnly({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="Platform administrators only">This page is for platform administrators. Ask one if you need a tenant or a user account.</EmptyState>
    </>
  );
}
