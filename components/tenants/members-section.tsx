// Members of one tenant. Owners (and admins) get the add form, a role select per row and remove,
// and the pending invitations (adding by email invites: the answer never tells whether an account
// exists); everyone else sees the list only. The use-cases refuse anyway; hiding avoids dead controls.
import type { InvitationDto, MemberDto } from "@/lib/tenants";
import { ActionForm, Card, ConfirmDialog, EmptyState, HiddenFields, RoleBadge, Select, SelectField, SubmitButton, TBody, Table, Td, TextField, Th, THead, Tr, type FormAction } from "@/components/ui";

const ROLES = [
  { value: "owner", label: "owner: members, environments, hosts" },
  { value: "member", label: "member: apps, images, shells" },
  { value: "viewer", label: "viewer: read only" },
];

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
  const pending = actions.revokeInvitation ? invitations : [];
  return (
    <Card title="Members" description="Who can see and change this tenant, and what they may do.">
      {members.length === 0 && pending.length === 0 ? (
        <EmptyState title="No members yet">{canManage ? "Add the first owner below by email." : "A platform admin adds the first owner."}</EmptyState>
      ) : (
        <Table caption="Members">
          <THead>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            {pending.length > 0 && <Th>Status</Th>}
            {canManage && <Th className="text-right">Actions</Th>}
          </THead>
          <TBody>
            {members.map((m) => (
              <Tr key={m.userId}>
                <Td>{m.name}</Td>
                <Td className="font-mono text-xs">{m.email}</Td>
                <Td>{canManage ? <RoleForm tenantId={tenantId} member={m} action={actions.changeRole} /> : <RoleBadge role={m.role} />}</Td>
                {pending.length > 0 && <Td className="text-xs text-zinc-600">member</Td>}
                {canManage && (
                  <Td className="text-right">
                    <ConfirmDialog
                      triggerLabel="Remove"
                      triggerAriaLabel={`Remove ${m.email}`}
                      title={`Remove ${m.email}?`}
                      description="They lose access to this tenant at their next request. Their apps keep running."
                      confirmLabel="Remove member"
                      action={actions.remove}
                      values={{ tenantId, userId: m.userId }}
                      successMessage={`${m.email} removed`}
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
                <Td className="text-xs text-zinc-600" title={i.invitedBy ? `Invited by ${i.invitedBy}` : undefined}>
                  invited
                </Td>
                {canManage && (
                  <Td className="text-right">
                    {actions.revokeInvitation && (
                      <ConfirmDialog
                        triggerLabel="Revoke"
                        triggerAriaLabel={`Revoke the invitation of ${i.email}`}
                        title={`Revoke the invitation of ${i.email}?`}
                        description="They will not join this tenant when they sign in."
                        confirmLabel="Revoke invitation"
                        action={actions.revokeInvitation}
                        values={{ tenantId, email: i.email }}
                        successMessage={`Invitation of ${i.email} revoked`}
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
          <h3 className="text-sm font-semibold text-zinc-900">Add a member</h3>
          <p className="mb-3 text-sm text-zinc-600">
            Adding someone who is already a member changes their role. Anyone else is invited: they join when they next sign in with that email (a platform admin
            creates accounts).
          </p>
          <ActionForm action={actions.add} successMessage="Saved: a member now, or invited until they sign in" aria-label="Add member" className="grid grid-cols-1 items-end gap-4 md:grid-cols-[1fr_18rem_auto]">
            <HiddenFields values={{ tenantId }} />
            <TextField label="Email" name="email" type="email" required autoComplete="off" />
            <SelectField label="Role" name="role" defaultValue="member" errorKeys={["role"]}>
              {ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </SelectField>
            <SubmitButton>Add member</SubmitButton>
          </ActionForm>
        </div>
      )}
    </Card>
  );
}

function RoleForm({ tenantId, member, action }: { tenantId: string; member: MemberDto; action: FormAction }) {
  return (
    <ActionForm action={action} successMessage={`Role of ${member.email} saved`} resetOnSuccess={false} aria-label={`Role of ${member.email}`} className="flex items-center gap-2">
      <HiddenFields values={{ tenantId, userId: member.userId }} />
      <Select name="role" defaultValue={member.role} aria-label={`Role for ${member.email}`} className="h-8 w-32">
        {ROLES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.value}
          </option>
        ))}
      </Select>
      <SubmitButton size="sm" variant="secondary" aria-label={`Save role for ${member.email}`}>
        Save
      </SubmitButton>
    </ActionForm>
  );
}
