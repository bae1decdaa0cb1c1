// Members of one tenant. Owners (and admins) get the add form, a role select per row and remove,
// and the pending invitations (adding by email invites: the answer never tells whether an account
// exists); everyone else sees the list only. The use-cases refuse anyway; hiding avoids dead controls.
import { useTranslations } from "next-intl";
import type { InvitationDto, MemberDto } from "@/lib/tenants";
import {
  ActionForm,
  Card,
  ConfirmDialog,
  EmptyState,
  HiddenFields,
  RoleBadge,
  Select,
  SelectField,
  SubmitButton,
  TBody,
  Table,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  type FormAction,
} from "@/components/ui";

const ROLES = ["owner", "member", "viewer"] as const;

export interface MemberActions {
  add: FormAction;
  changeRole: FormAction;
  remove: FormAction;
  /** Withdraws a pending invitation (omit to hide the invitations). */
  revokeInvitation?: FormAction;
}

export function MembersSection({
  tenantId,
  members,
  invitations = [],
  canManage,
  actions,
}: {
  tenantId: string;
  members: MemberDto[];
  invitations?: InvitationDto[];
  canManage: boolean;
  actions: MemberActions;
}) {
  const t = useTranslations("members");
  const pending = actions.revokeInvitation ? invitations : [];
  return (
    <Card title={t("title")} description={t("description")}>
      {members.length === 0 && pending.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{canManage ? t("emptyOwner") : t("emptyOther")}</EmptyState>
      ) : (
        <Table caption={t("title")}>
          <THead>
            <Th>{t("colName")}</Th>
            <Th>{t("colEmail")}</Th>
            <Th>{t("colRole")}</Th>
            {pending.length > 0 && <Th>{t("colStatus")}</Th>}
            {canManage && <Th className="text-right">{t("colActions")}</Th>}
          </THead>
          <TBody>
            {members.map((m) => (
              <Tr key={m.userId}>
                <Td>{m.name}</Td>
                <Td className="font-mono text-xs">{m.email}</Td>
                <Td>{canManage ? <RoleForm tenantId={tenantId} member={m} action={actions.changeRole} /> : <RoleBadge role={m.role} />}</Td>
                {pending.length > 0 && <Td className="text-xs text-zinc-600">{t("statusMember")}</Td>}
                {canManage && (
                  <Td className="text-right">
                    <ConfirmDialog
                      triggerLabel={t("remove")}
                      triggerAriaLabel={t("removeAria", { email: m.email })}
                      title={t("removeTitle", { email: m.email })}
                      description={t("removeDescription")}
                      confirmLabel={t("removeConfirm")}
                      action={actions.remove}
                      values={{ tenantId, userId: m.userId }}
                      successMessage={t("removed", { email: m.email })}
                    />
                  </Td>
                )}
              </Tr>
            ))}
            {pending.map((i) => (
              <Tr key={`invitation:${i.email}`}>
                <Td className="text-zinc-500">—</Td>
                <Td className="font-mono text-xs">{i.email}</Td>
                <Td>
                  <RoleBadge role={i.role} />
                </Td>
                <Td className="text-xs text-zinc-600" title={i.invitedBy ? t("invitedBy", { who: i.invitedBy }) : undefined}>
                  {t("statusInvited")}
                </Td>
                {canManage && (
                  <Td className="text-right">
                    {actions.revokeInvitation && (
                      <ConfirmDialog
                        triggerLabel={t("revoke")}
                        triggerAriaLabel={t("revokeAria", { email: i.email })}
                        title={t("revokeTitle", { email: i.email })}
                        description={t("revokeDescription")}
                        confirmLabel={t("revokeConfirm")}
                        action={actions.revokeInvitation}
                        values={{ tenantId, email: i.email }}
                        successMessage={t("revoked", { email: i.email })}
                      />
                    )}
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {canManage && (
        <div className="mt-6 border-t border-zinc-100 pt-4">
          <h3 className="text-sm font-semibold text-zinc-900">{t("addTitle")}</h3>
          <p className="mb-3 text-sm text-zinc-600">{t("addHelp")}</p>
          <ActionForm
            action={actions.add}
            successMessage={t("added")}
            aria-label={t("addSubmit")}
            className="grid grid-cols-1 items-end gap-4 md:grid-cols-[1fr_18rem_auto]"
          >
            <HiddenFields values={{ tenantId }} />
            <TextField label={t("colEmail")} name="email" type="email" required autoComplete="off" />
            <SelectField label={t("colRole")} name="role" defaultValue="member" errorKeys={["role"]}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roleHelp.${r}`)}
                </option>
              ))}
            </SelectField>
            <SubmitButton>{t("addSubmit")}</SubmitButton>
          </ActionForm>
        </div>
      )}
    </Card>
  );
}

function RoleForm({ tenantId, member, action }: { tenantId: string; member: MemberDto; action: FormAction }) {
  const t = useTranslations("members");
  const roles = useTranslations("roles");
  return (
    <ActionForm
      action={action}
      successMessage={t("roleSaved", { email: member.email })}
      resetOnSuccess={false}
      aria-label={t("roleOf", { email: member.email })}
      className="flex items-center gap-2"
    >
      <HiddenFields values={{ tenantId, userId: member.userId }} />
      <Select name="role" defaultValue={member.role} aria-label={t("roleFor", { email: member.email })} className="h-8 w-32">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {roles(r)}
          </option>
        ))}
      </Select>
      <SubmitButton size="sm" variant="secondary" aria-label={t("saveRoleFor", { email: member.email })}>
        {t("save")}
      </SubmitButton>
    </ActionForm>
  );
}
