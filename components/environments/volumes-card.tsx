// The environment's volumes, per host, with what uses each; members remove unused ones (one, or
// all at once). In-use volumes have no remove button; the use-case refuses them anyway.
import { useTranslations } from "next-intl";
import type { UnreachableHost, VolumeDto } from "@/lib/resources";
import { Badge, Card, ConfirmDialog, EmptyState, TBody, Table, Td, Th, THead, Time, Tr, type FormAction } from "@/components/ui";
import { AppCell, ResourceUsers } from "./resource-users";
import { PruneButton } from "./prune-button";

export function VolumesCard({
  environmentId,
  volumes,
  unreachableHosts,
  error,
  canRemove,
  actions,
}: {
  environmentId: string;
  volumes: VolumeDto[];
  unreachableHosts: UnreachableHost[];
  error?: string;
  canRemove: boolean;
  actions: { remove: FormAction; prune: FormAction };
}) {
  const t = useTranslations("resources");
  const unused = volumes.filter((v) => !v.inUse).length;
  return (
    <Card
      title={t("volumes.title")}
      description={t("volumes.description")}
      actions={canRemove && unused > 0 ? <PruneButton kind="volumes" environmentId={environmentId} action={actions.prune} /> : undefined}
    >
      {error && (
        <p role="alert" className="mb-3 text-sm text-red-800">
          {t("loadFailed", { message: error })}
        </p>
      )}
      {unreachableHosts.length > 0 && (
        <p role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("unreachableHosts", { hosts: unreachableHosts.map((h) => h.hostName).join(", ") })}
        </p>
      )}
      {volumes.length === 0 ? (
        !error && <EmptyState title={t("volumes.emptyTitle")}>{t("volumes.empty")}</EmptyState>
      ) : (
        <Table caption={t("volumes.caption")}>
          <THead>
            <Th>{t("volumes.name")}</Th>
            <Th>{t("volumes.host")}</Th>
            <Th>{t("app")}</Th>
            <Th>{t("usedBy")}</Th>
            <Th>{t("volumes.created")}</Th>
            {canRemove && <Th className="text-right">{t("actions")}</Th>}
          </THead>
          <TBody>
            {volumes.map((v) => (
              <Tr key={`${v.hostId}/${v.name}`}>
                <Td className="font-mono text-xs break-all">{v.name}</Td>
                <Td>{v.hostName}</Td>
                <Td>
                  <AppCell app={v.app} />
                </Td>
                <Td>{v.inUse ? <ResourceUsers users={v.usedBy} /> : <Badge>{t("unused")}</Badge>}</Td>
                <Td className="text-xs whitespace-nowrap">{v.createdAt ? <Time value={v.createdAt} /> : "—"}</Td>
                {canRemove && (
                  <Td className="text-right">
                    {!v.inUse && (
                      <ConfirmDialog
                        triggerLabel={t("remove")}
                        triggerAriaLabel={t("volumes.removeAria", { name: v.name, host: v.hostName })}
                        title={t("volumes.removeTitle", { name: v.name, host: v.hostName })}
                        description={t("volumes.removeDescription")}
                        confirmLabel={t("remove")}
                        action={actions.remove}
                        values={{ environmentId, name: v.name, hostId: v.hostId }}
                        successMessage={t("volumes.removed", { name: v.name })}
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
