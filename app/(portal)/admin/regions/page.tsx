import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { listRegions } from "@/lib/regions";
import { pageActor } from "@/app/_lib/page-actor";
import { ActionForm, Badge, Card, ConfirmDialog, EmptyState, PageHeader, SubmitButton, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { RegionFormFields } from "@/components/regions/region-form-fields";
import { RegionEditDialog } from "@/components/regions/region-edit-dialog";
import { createRegionAction, deleteRegionAction, updateRegionAction } from "./actions";

export const generateMetadata = pageTitle("regions");

export default async function AdminRegionsPage() {
  const actor = await pageActor();
  const t = await getTranslations("regions.page");
  if (!actor.platformAdmin) return <AdminOnly title={t("title")} />;
  const regions = await listRegions({ actor, query: { limit: 500 } });
  const others = regions.items.filter((r) => !r.isDefault);

  return (
    <>
      <PageHeader eyebrow={t("eyebrow")} title={t("title")} description={t("description")} />
      <div className="space-y-6">
        {regions.items.length > 0 && (
          <Table caption={t("caption")}>
            <THead>
              <Th>{t("colName")}</Th>
              <Th>{t("colDisplayName")}</Th>
              <Th>{t("colRegistry")}</Th>
              <Th>{t("colCredentials")}</Th>
              <Th className="text-right">{t("colEnvironments")}</Th>
              <Th className="text-right">{t("colActions")}</Th>
            </THead>
            <TBody>
              {regions.items.map((r) => (
                <Tr key={r.id}>
                  <Td>
                    <span className="font-mono text-xs">{r.name}</span>
                    {r.isDefault && (
                      <Badge tone="blue" className="ml-2">
                        {t("defaultBadge")}
                      </Badge>
                    )}
                  </Td>
                  <Td>{r.displayName}</Td>
                  <Td className="font-mono text-xs">{r.registry?.url ?? <span className="font-sans text-zinc-600">{t("embedded")}</span>}</Td>
                  <Td className="text-xs">{r.registry?.hasPassword ? t("credentialsSet", { user: r.registry.username ?? "" }) : t("credentialsNone")}</Td>
                  <Td className="text-right tabular-nums">{r.environmentCount ?? 0}</Td>
                  <Td className="text-right">
                    <div className="flex justify-end gap-2">
                      <RegionEditDialog region={r} action={updateRegionAction} />
                      {!r.isDefault && (
                        <ConfirmDialog
                          triggerLabel={t("delete")}
                          triggerAriaLabel={t("deleteAria", { name: r.name })}
                          title={t("deleteTitle", { name: r.name })}
                          description={(r.environmentCount ?? 0) > 0 ? t("deleteBlocked", { count: r.environmentCount ?? 0 }) : t("deleteHelp")}
                          confirmText={r.name}
                          confirmLabel={t("deleteConfirm")}
                          action={deleteRegionAction}
                          values={{ regionId: r.id }}
                          successMessage={t("deleted", { name: r.name })}
                        />
                      )}
                    </div>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        {others.length === 0 && <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>}

        <Card title={t("create")}>
          <ActionForm action={createRegionAction} successMessage={t("created")} aria-label={t("create")}>
            <RegionFormFields />
            <div className="flex justify-end">
              <SubmitButton>{t("create")}</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
