import type { Metadata } from "next";
import Link from "next/link";
import { listTenants } from "@/lib/tenants";
import { listUsers } from "@/lib/users";
import { listEnvironments } from "@/lib/environments";
import { pageActor } from "@/app/_lib/page-actor";
import { ActionForm, Card, ConfirmDialog, EmptyState, PageHeader, SubmitButton, TBody, Table, Td, TextField, Th, THead, Tr, formatTime } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { createTenantAction, deleteTenantAction } from "./actions";

export const metadata: Metadata = { title: "Tenants" };

export default async function AdminTenantsPage() {
  const actor = await pageActor();
  if (!actor.platformAdmin) return <AdminOnly title="Tenants" />;
  const [tenants, users, envs] = await Promise.all([
    listTenants({ actor, query: { limit: 500 } }),
    listUsers({ actor, query: { limit: 500 } }),
    listEnvironments({ actor, query: { limit: 500 } }),
  ]);
  const envCount = (tenantId: string) => envs.items.filter((e) => e.tenantId === tenantId).length;

  return (
    <>
      <PageHeader eyebrow="Admin" title="Tenants" description="Departments and teams. Each tenant owns its environments, hosts and apps; its owners manage members." />
      <div className="space-y-6">
        {tenants.items.length === 0 ? (
          <EmptyState title="No tenants yet">Create the first tenant below and give it an owner; the owner can then add members and environments.</EmptyState>
        ) : (
          <Table caption="Tenants">
            <THead>
              <Th>Name</Th>
              <Th>Slug</Th>
              <Th className="text-right">Environments</Th>
              <Th>Created</Th>
              <Th className="text-right">Actions</Th>
            </THead>
            <TBody>
              {tenants.items.map((t) => (
                <Tr key={t.id}>
                  <Td>
                    <Link href={`/tenants/${t.id}`} className="font-medium text-blue-800 hover:underline">
                      {t.name}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{t.slug}</Td>
                  <Td className="text-right tabular-nums">{envCount(t.id)}</Td>
                  <Td className="text-xs text-zinc-600">{formatTime(t.createdAt)}</Td>
                  <Td className="text-right">
                    <ConfirmDialog
                      triggerLabel="Delete"
                      triggerAriaLabel={`Delete tenant ${t.name}`}
                      title={`Delete tenant ${t.name}?`}
                      description={
                        envCount(t.id) > 0
                          ? `It still has ${envCount(t.id)} environment(s): the portal refuses until they are deleted.`
                          : "Its memberships go with it. This cannot be undone."
                      }
                      confirmText={t.slug}
                      confirmLabel="Delete tenant"
                      action={deleteTenantAction}
                      values={{ tenantId: t.id }}
                      successMessage={`Tenant ${t.name} deleted`}
                    />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}

        <Card title="Create tenant">
          <ActionForm action={createTenantAction} successMessage="Tenant created" aria-label="Create tenant" className="grid grid-cols-1 gap-4 md:grid-cols-3">
            <TextField label="Name" name="name" required autoComplete="off" hint="Shown everywhere, e.g. Payments team." />
            <TextField label="Slug" name="slug" required autoComplete="off" spellCheck={false} hint="Lowercase letters, digits and dashes; used in image names." />
            <TextField
              label="Owner email"
              name="ownerEmail"
              type="email"
              list="known-users"
              autoComplete="off"
              errorKeys={["ownerEmail", "ownerId"]}
              hint="Optional. An existing user who becomes the first owner."
            />
            <datalist id="known-users">
              {users.items.map((u) => (
                <option key={u.id} value={u.email}>
                  {u.name}
                </option>
              ))}
            </datalist>
            <div className="col-span-full flex justify-end">
              <SubmitButton>Create tenant</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
