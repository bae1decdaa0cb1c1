import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { listUsers } from "@/lib/users";
import { pageActor } from "@/app/_lib/page-actor";
import { ActionForm, Badge, Card, CheckboxField, PageHeader, SubmitButton, TBody, Table, Td, TextField, Th, THead, Tr } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { UserFlagButton } from "@/components/users/user-flag-button";
import { createUserAction, setUserFlagAction } from "./actions";

export const generateMetadata = pageTitle("users");

export default async function AdminUsersPage() {
  const actor = await pageActor();
  const t = await getTranslations("adminUsers");
  if (!actor.platformAdmin) return <AdminOnly title={t("title")} />;
  const users = await listUsers({ actor, query: { limit: 500 } });

  return (
    <>
      <PageHeader eyebrow={t("eyebrow")} title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Table caption={t("title")}>
          <THead>
            <Th>{t("colName")}</Th>
            <Th>{t("colEmail")}</Th>
            <Th>{t("colStatus")}</Th>
            <Th className="text-right">{t("colActions")}</Th>
          </THead>
          <TBody>
            {users.items.map((u) => {
              const self = u.id === actor.userId;
              return (
                <Tr key={u.id}>
                  <Td>
                    {u.name}
                    {self && <span className="ml-2 text-xs text-zinc-500">{t("you")}</span>}
                  </Td>
                  <Td className="font-mono text-xs">{u.email}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {u.platformAdmin && <Badge tone="amber">{t("platformAdminBadge")}</Badge>}
                      {u.disabled ? <Badge tone="red">{t("disabledBadge")}</Badge> : <Badge tone="green">{t("activeBadge")}</Badge>}
                    </div>
                  </Td>
                  <Td className="text-right">
                    {/* Admins cannot disable or demote themselves (the use-case refuses too). */}
                    {self ? (
                      <span className="text-xs text-zinc-500">{t("selfManaged")}</span>
                    ) : (
                      <div className="flex justify-end gap-2">
                        <UserFlagButton
                          action={setUserFlagAction}
                          userId={u.id}
                          field="platformAdmin"
                          value={!u.platformAdmin}
                          label={u.platformAdmin ? t("revokeAdmin") : t("makeAdmin")}
                          ariaLabel={u.platformAdmin ? t("revokeAdminAria", { email: u.email }) : t("makeAdminAria", { email: u.email })}
                          successMessage={u.platformAdmin ? t("noLongerAdmin", { email: u.email }) : t("nowAdmin", { email: u.email })}
                        />
                        <UserFlagButton
                          action={setUserFlagAction}
                          userId={u.id}
                          field="disabled"
                          value={!u.disabled}
                          label={u.disabled ? t("enable") : t("disable")}
                          ariaLabel={u.disabled ? t("enableAria", { email: u.email }) : t("disableAria", { email: u.email })}
                          successMessage={u.disabled ? t("enabled", { email: u.email }) : t("disabled", { email: u.email })}
                          danger={!u.disabled}
                        />
                      </div>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>

        <Card title={t("create")} description={t("createDescription")}>
          <ActionForm action={createUserAction} successMessage={t("created")} aria-label={t("create")} className="grid grid-cols-1 gap-4 md:grid-cols-3">
            <TextField label={t("name")} name="name" required autoComplete="off" />
            <TextField label={t("email")} name="email" type="email" required autoComplete="off" />
            <TextField label={t("password")} name="password" type="password" required minLength={8} autoComplete="new-password" hint={t("passwordHint")} />
            <div className="col-span-full">
              <CheckboxField label={t("platformAdmin")} name="platformAdmin" hint={t("platformAdminHint")} />
            </div>
            <div className="col-span-full flex justify-end">
              <SubmitButton>{t("create")}</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
