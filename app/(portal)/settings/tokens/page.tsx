import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { listTokens } from "@/lib/tokens";
import { pageActor } from "@/app/_lib/page-actor";
import { Card, ConfirmDialog, EmptyState, PageHeader, TBody, Table, Td, Th, THead, Tr, Time } from "@/components/ui";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { createTokenAction, revokeTokenAction } from "./actions";

export const generateMetadata = pageTitle("tokens");

export default async function TokensPage() {
  const actor = await pageActor();
  const tr = await getTranslations("tokens");
  const tokens = await listTokens({ actor });
  return (
    <>
      <PageHeader eyebrow={tr("eyebrow")} title={tr("title")} description={tr("description")} />
      <div className="space-y-6">
        <Card title={tr("create")}>
          <CreateTokenForm action={createTokenAction} />
        </Card>
        <Card title={tr("yours")}>
          {tokens.items.length === 0 ? (
            <EmptyState title={tr("emptyTitle")}>{tr("emptyBody")}</EmptyState>
          ) : (
            <Table caption={tr("caption")}>
              <THead>
                <Th>{tr("colName")}</Th>
                <Th>{tr("colPrefix")}</Th>
                <Th>{tr("colCreated")}</Th>
                <Th>{tr("colLastUsed")}</Th>
                <Th className="text-right">{tr("colActions")}</Th>
              </THead>
              <TBody>
                {tokens.items.map((t) => (
                  <Tr key={t.id}>
                    <Td className="font-medium">{t.name}</Td>
                    <Td className="font-mono text-xs">{t.prefix}…</Td>
                    <Td className="text-xs">
                      <Time value={t.createdAt} />
                    </Td>
                    <Td className="text-xs">
                      <Time value={t.lastUsedAt} relative />
                    </Td>
                    <Td className="text-right">
                      <ConfirmDialog
                        triggerLabel={tr("revoke")}
                        triggerAriaLabel={tr("revokeAria", { name: t.name })}
                        title={tr("revokeTitle", { name: t.name })}
                        description={tr("revokeDescription")}
                        confirmLabel={tr("revokeConfirm")}
                        action={revokeTokenAction}
                        values={{ tokenId: t.id }}
                        successMessage={tr("revoked", { name: t.name })}
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
