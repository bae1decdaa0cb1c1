"use client";
// Every revision of an app, newest first: its deploy status and error, what rolling back to it
// would change (a diff against the current file), and the rollback itself for members.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { RevisionDto } from "@/lib/apps";
import { Badge, Button, ConfirmDialog, EmptyState, TBody, Table, Td, Th, THead, Tr, Time, type FormAction } from "@/components/ui";
import { SEEDED, fetchJson, pollEvery } from "@/components/live/fetch-json";
import { BUSY_STATES, StateBadge } from "@/components/live/state-badge";
import { DiffView } from "./diff-view";
import { appKeys } from "./app-keys";

interface Props {
  appId: string;
  initial: RevisionDto[];
  canDeploy: boolean;
  rollbackAction: FormAction;
}

export function RevisionsSection({ appId, initial, canDeploy, rollbackAction }: Props) {
  const t = useTranslations("revisions");
  const router = useRouter();
  const qc = useQueryClient();
  const [compare, setCompare] = useState<number | null>(null);
  const q = useQuery({
    queryKey: appKeys.revisions(appId),
    queryFn: () => fetchJson<{ items: RevisionDto[] }>(`/api/v1/apps/${appId}/revisions`),
    initialData: { items: initial },
    ...SEEDED,
    refetchInterval: (query) => pollEvery(query.state.data?.items.some((r) => BUSY_STATES.has(r.status)) ?? false),
  });
  const revs = q.data.items;
  const current = revs.find((r) => r.current);
  const selected = revs.find((r) => r.number === compare && !r.current);

  if (revs.length === 0) return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  return (
    <div className="space-y-4">
      <Table caption={t("caption")}>
        <THead>
          <Th>{t("colRevision")}</Th>
          <Th>{t("colStatus")}</Th>
          <Th>{t("colCreated")}</Th>
          <Th>{t("colError")}</Th>
          <Th className="text-right">{t("colActions")}</Th>
        </THead>
        <TBody>
          {revs.map((r) => (
            <Tr key={r.number} className={r.number === compare ? "bg-blue-50/60" : undefined}>
              <Td className="whitespace-nowrap tabular-nums">
                #{r.number} {r.current && <Badge tone="violet">{t("current")}</Badge>}
              </Td>
              <Td>
                <StateBadge state={r.status} />
              </Td>
              <Td className="font-mono text-xs whitespace-nowrap">
                <Time value={r.createdAt} seconds />
              </Td>
              <Td className="max-w-72 text-xs text-red-800">{r.error ?? <span className="text-zinc-400">—</span>}</Td>
              <Td className="text-right whitespace-nowrap">
                {!r.current && current && (
                  <div className="inline-flex gap-2">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-expanded={r.number === compare}
                      aria-controls="revision-diff"
                      onClick={() => setCompare(r.number === compare ? null : r.number)}
                    >
                      {r.number === compare ? t("hideChanges") : t("compare")}
                      <span className="sr-only">{t("compareSr", { n: r.number })}</span>
                    </Button>
                    {canDeploy && (
                      <ConfirmDialog
                        triggerLabel={t("rollback")}
                        triggerAriaLabel={t("rollbackAria", { n: r.number })}
                        triggerVariant="secondary"
                        title={t("rollbackTitle", { n: r.number })}
                        description={t("rollbackDescription")}
                        confirmLabel={t("rollbackConfirm", { n: r.number })}
                        action={rollbackAction}
                        values={{ appId, revision: String(r.number) }}
                        successMessage={t("rollingBack", { n: r.number })}
                        onSuccess={(d) => {
                          void qc.invalidateQueries({ queryKey: appKeys.revisions(appId) });
                          router.replace(`/apps/${appId}?job=${(d as { jobId: string }).jobId}`, { scroll: false });
                        }}
                      />
                    )}
                  </div>
                )}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <div id="revision-diff" aria-live="polite">
        {selected && current ? (
          <DiffView
            before={current.composeText}
            after={selected.composeText}
            caption={t("diffCaption", { current: current.number, selected: selected.number })}
          />
        ) : revs.length > 1 ? (
          <p className="text-sm text-zinc-600">{t("compareHint")}</p>
        ) : null}
      </div>
    </div>
  );
}
