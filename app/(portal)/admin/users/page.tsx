import type { Metadata } from "next";
import { listUsers } from "@/lib/users";
import { pageActor } from "@/app/_lib/page-actor";
import { ActionForm, Badge, Card, CheckboxField, PageHeader, SubmitButton, TBody, Table, Td, TextField, Th, THead, Tr } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { UserFlagButton } from "@/components/users/user-flag-button";
import { createUserAction, setUserFlagAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  const actor = await pageActor();
  if (!actor.platformAdmin) return <AdminOnly title="Users" />;
  const users = await listUsers({ actor, query: { limit: 500 } });

  return (
    <>
      <PageHeader eyebrow="Admin" title="Users" description="Accounts that can sign in. Tenant owners give users roles in their tenants; platform admins run the platform." />
      <div className="space-y-6">
        <Table caption="Users">
          <THead>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Status</Th>
            <Th className="text-right">Actions</Th>
          </THead>
          <TBody>
            {users.items.map((u) => {
              const self = u.id === actor.userId;
              return (
                <Tr key={u.id}>
                  <Td>
                    {u.name}
                    {self && <span className="ml-2 text-xs text-zinc-500">(you)</span>}
                  </Td>
                  <Td className="font-mono text-xs">{u.email}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {u.platformAdmin && <Badge tone="amber">platform admin</Badge>}
                      {u.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
                    </div>
                  </Td>
                  <Td className="text-right">
                    {/* Admins cannot disable or demote themselves (the use-case refuses too). */}
                    {self ? (
                      <span className="text-xs text-zinc-500">Another admin manages your account</span>
                    ) : (
                      <div className="flex justify-end gap-2">
                        <UserFlagButton
                          action={setUserFlagAction}
                          userId={u.id}
                          field="platformAdmin"
                          value={!u.platformAdmin}
                          label={u.platformAdmin ? "Revoke admin" : "Make admin"}
                          ariaLabel={`${u.platformAdmin ? "Revoke admin from" : "Make admin"} ${u.email}`}
                          successMessage={`${u.email} is ${u.platformAdmin ? "no longer" : "now"} a platform admin`}
                        />
                        <UserFlagButton
                          action={setUserFlagAction}
                          userId={u.id}
                          field="disabled"
                          value={!u.disabled}
                          label={u.disabled ? "Enable" : "Disable"}
                          ariaLabel={`${u.disabled ? "Enable" : "Disable"} ${u.email}`}
                          successMessage={`${u.email} ${u.disabled ? "enabled" : "disabled; their sessions have ended"}`}
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

        <Card title="Create user" description="The user signs in with this email and password; add them to a tenant from the tenant's page.">
          <ActionForm action={createUserAction} successMessage="User created" aria-label="Create user" className="grid grid-cols-1 gap-4 md:grid-cols-3">
            <TextField label="Name" name="name" required autoComplete="off" />
            <TextField label="Email" name="email" type="email" required autoComplete="off" />
            <TextField label="Password" name="password" type="password" required minLength={8} autoComplete="new-password" hint="At least 8 characters." />
            <div className="col-span-full">
              <CheckboxField label="Platform admin" name="platformAdmin" hint="Can manage every tenant, user and platform setting." />
            </div>
            <div className="col-span-full flex justify-end">
              <SubmitButton>Create user</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
