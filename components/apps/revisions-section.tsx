"use client";
// Every revision of an app, newest first: its deploy status and error, what rolling back to it
// would change (a diff against the current file), and the rollback itself for members.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { RevisionDto } from "@/lib/apps";
import { Badge, Button, ConfirmDialog, EmptyState, TBody, Table, Td, Th, THead, Tr, formatTime, type FormAction } from "@/components/ui";
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

  if (revs.length === 0) return <EmptyState title="No revisions yet">Redeploy the app with a Compose file below to create its first revision.</EmptyState>;
  return (
    <div className="space-y-4">
      <Table caption="Revisions">
        <THead>
          <Th>Revision</Th>
          <Th>Status</Th>
          <Th>Created</Th>
          <Th>Error</Th>
          <Th className="text-right">Actions</Th>
        </THead>
        <TBody>
          {revs.map((r) => (
            <Tr key={r.number} className={r.number === compare ? "bg-blue-50/60" : undefined}>
              <Td className="whitespace-nowrap tabular-nums">
                #{r.number} {r.current && <Badge tone="violet">current</Badge>}
              </Td>
              <Td>
                <StateBadge state={r.status} />
              </Td>
              <Td className="font-mono text-xs whitespace-nowrap">{formatTime(r.createdAt, { seconds: true })}</Td>
              <Td className="max-w-72 text-xs text-red-800">{r.error ?? <span className="text-zinc-400">—</span>}</Td>
              <Td className="text-right whitespace-nowrap">
                {!r.current && current && (
                  <div className="inline-flex gap-2">
                    <Button size="sm" variant="ghost" aria-expanded={r.number === compare} aria-controls="revision-diff" onClick={() => setCompare(r.number === compare ? null : r.number)}>
                      {r.number === compare ? "Hide changes" : "Compare"}
                      <span className="sr-only"> revision {r.number} with the current one</span>
                    </Button>
                    {canDeploy && (
                      <ConfirmDialog
                        triggerLabel="Roll back"
                        triggerAriaLabel={`Roll back to revision ${r.number}`}
                        triggerVariant="secondary"
                        title={`Roll back to revision ${r.number}?`}
                        description="Its Compose file and variables become a new revision, checked against today's policy, and the services are updated one task at a time."
                        confirmLabel={`Roll back to #${r.number}`}
                        action={rollbackAction}
                        values={{ appId, revision: String(r.number) }}
                        successMessage={`Rolling back to revision ${r.number}`}
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
          <DiffView before={current.composeText} after={selected.composeText} caption={`What rolling back changes: current #${current.number} (−) → revision #${selected.number} (+)`} />
        ) : revs.length > 1 ? (
          <p className="text-sm text-zinc-600">Choose Compare on a revision to see how its Compose file differs from the current one.</p>
        ) : null}
      </div>
    </div>
  );
}
