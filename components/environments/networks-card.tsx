// The environment's app networks with the services attached to each; members remove unused ones.
import { useTranslations } from "next-intl";
import type { NetworkDto } from "@/lib/resources";
import { Badge, Card, ConfirmDialog, EmptyState, TBody, Table, Td, Th, THead, Tr, type FormAction } from "@/components/ui";
import { AppCell, ResourceUsers } from "./resource-users";
import { PruneButton } from "./prune-button";

export function NetworksCard({
  environmentId,
  networks,
  error,
  canRemove,
  actions,
}: {
  environmentId: string;
  networks: NetworkDto[];
  error?: string;
  canRemove: boolean;
  actions: { remove: FormAction; prune: FormAction };
}) {
  const t = useTranslations("resources");
  const unused = networks.filter((n) => !n.inUse).length;
  return (
    <Card
      title={t("networks.title")}
      description={t("networks.description")}
      actions={canRemove && unused > 0 ? <PruneButton kind="networks" environmentId={environmentId} action={actions.prune} /> : undefined}
    >
      {error && (
        <p role="alert" className="mb-3 text-sm text-red-800">
          {t("loadFailed", { message: error })}
        </p>
      )}
      {networks.length === 0 ? (
        !error && <EmptyState title={t("networks.emptyTitle")}>{t("networks.empty")}</EmptyState>
      ) : (
        <Table caption={t("networks.caption")}>
          <THead>
            <Th>{t("networks.name")}</Th>
            <Th>{t("app")}</Th>
            <Th>{t("usedBy")}</Th>
            <Th>{t("networks.driver")}</Th>
            <Th>{t("networks.subnets")}</Th>
            {canRemove && <Th className="text-right">{t("actions")}</Th>}
          </THead>
          <TBody>
            {networks.map((n) => (
              <Tr key={n.id}>
                <Td className="font-mono text-xs break-all">{n.name}</Td>
                <Td>
                  <AppCell app={n.app} />
                </Td>
                <Td>{n.inUse ? <ResourceUsers users={n.usedBy} /> : <Badge>{t("unused")}</Badge>}</Td>
                <Td className="font-mono text-xs">{n.driver}</Td>
                <Td className="font-mono text-xs">{n.subnets.join(", ") || "—"}</Td>
                {canRemove && (
                  <Td className="text-right">
                    {!n.inUse && (
                      <ConfirmDialog
                        triggerLabel={t("remove")}
                        triggerAriaLabel={t("networks.removeAria", { name: n.name })}
                        title={t("networks.removeTitle", { name: n.name })}
                        description={t("networks.removeDescription")}
                        confirmLabel={t("remove")}
                        action={actions.remove}
                        values={{ environmentId, name: n.name }}
                        successMessage={t("networks.removed", { name: n.name })}
                      />
                    )}
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
