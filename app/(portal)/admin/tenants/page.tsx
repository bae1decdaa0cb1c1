import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import Link from "next/link";
import { listTenants } from "@/lib/tenants";
import { listUsers } from "@/lib/users";
import { listEnvironments } from "@/lib/environments";
import { pageActor } from "@/app/_lib/page-actor";
import { ActionForm, Card, ConfirmDialog, EmptyState, PageHeader, SubmitButton, TBody, Table, Td, TextField, Th, THead, Tr, Time } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { createTenantAction, deleteTenantAction } from "./actions";

export const generateMetadata = pageTitle("tenants");

export default async function AdminTenantsPage() {
  const actor = await pageActor();
  const tr = await getTranslations("adminTenants");
  if (!actor.platformAdmin) return <AdminOnly title={tr("title")} />;
  const [tenants, users, envs] = await Promise.all([
    listTenants({ actor, query: { limit: 500 } }),
    listUsers({ actor, query: { limit: 500 } }),
    listEnvironments({ actor, query: { limit: 500 } }),
  ]);
  const envCount = (tenantId: string) => envs.items.filter((e) => e.tenantId === tenantId).length;

  return (
    <>
      <PageHeader eyebrow={tr("eyebrow")} title={tr("title")} description={tr("description")} />
      <div className="space-y-6">
        {tenants.items.length === 0 ? (
          <EmptyState title={tr("emptyTitle")}>{tr("emptyBody")}</EmptyState>
        ) : (
          <Table caption={tr("title")}>
            <THead>
              <Th>{tr("colName")}</Th>
              <Th>{tr("colSlug")}</Th>
              <Th className="text-right">{tr("colEnvironments")}</Th>
              <Th>{tr("colCreated")}</Th>
              <Th className="text-right">{tr("colActions")}</Th>
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
                  <Td className="text-xs text-zinc-600">
                    <Time value={t.createdAt} />
                  </Td>
                  <Td className="text-right">
                    <ConfirmDialog
                      triggerLabel={tr("delete")}
                      triggerAriaLabel={tr("deleteAria", { name: t.name })}
                      title={tr("deleteTitle", { name: t.name })}
                      description={envCount(t.id) > 0 ? tr("deleteBlocked", { count: envCount(t.id) }) : tr("deleteHelp")}
                      confirmText={t.slug}
                      confirmLabel={tr("deleteConfirm")}
                      action={deleteTenantAction}
                      values={{ tenantId: t.id }}
                      successMessage={tr("deleted", { name: t.name })}
                    />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}

        <Card title={tr("create")}>
          <ActionForm action={createTenantAction} successMessage={tr("created")} aria-label={tr("create")} className="grid grid-cols-1 gap-4 md:grid-cols-3">
            <TextField label={tr("name")} name="name" required autoComplete="off" hint={tr("nameHint")} />
            <TextField label={tr("slug")} name="slug" required autoComplete="off" spellCheck={false} hint={tr("slugHint")} />
            <TextField
              label={tr("ownerEmail")}
              name="ownerEmail"
              type="email"
              list="known-users"
              autoComplete="off"
              errorKeys={["ownerEmail", "ownerId"]}
              hint={tr("ownerEmailHint")}
            />
            <datalist id="known-users">
              {users.items.map((u) => (
                <option key={u.id} value={u.email}>
                  {u.name}
                </option>
              ))}
            </datalist>
            <div className="col-span-full flex justify-end">
              <SubmitButton>{tr("create")}</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
