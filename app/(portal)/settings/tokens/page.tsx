import type { Metadata } from "next";
import { listTokens } from "@/lib/tokens";
import { pageActor } from "@/app/_lib/page-actor";
import { Card, ConfirmDialog, EmptyState, PageHeader, TBody, Table, Td, Th, THead, Tr, formatTime } from "@/components/ui";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await pageActor();
  const tokens = await listTokens({ actor });
  return (
    <>
      <PageHeader eyebrow="Settings" title="API tokens" description="Personal tokens for the REST API and CLIs. A token acts as you, with your rights at the time of each request." />
      <div className="space-y-6">
        <Card title="Create token">
          <CreateTokenForm action={createTokenAction} />
        </Card>
        <Card title="Your tokens">
          {tokens.items.length === 0 ? (
            <EmptyState title="No tokens yet">Create one above for a script or pipeline; revoke it here when it is no longer needed.</EmptyState>
          ) : (
            <Table caption="Your API tokens">
              <THead>
                <Th>Name</Th>
                <Th>Starts with</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th className="text-right">Actions</Th>
              </THead>
              <TBody>
                {tokens.items.map((t) => (
                  <Tr key={t.id}>
                    <Td className="font-medium">{t.name}</Td>
                    <Td className="font-mono text-xs">{t.prefix}…</Td>
                    <Td className="text-xs">{formatTime(t.createdAt)}</Td>
                    <Td className="text-xs">{formatTime(t.lastUsedAt)}</Td>
                    <Td className="text-right">
                      <ConfirmDialog
                        triggerLabel="Revoke"
                        triggerAriaLabel={`Revoke token ${t.name}`}
                        title={`Revoke token ${t.name}?`}
                        description="Scripts using it stop working at once."
                        confirmLabel="Revoke token"
                        action={revokeTokenAction}
                        values={{ tokenId: t.id }}
                        successMessage={`Token ${t.name} revoked`}
                      />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
