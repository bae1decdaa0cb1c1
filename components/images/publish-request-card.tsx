import { ActionForm, Badge, Card, DescriptionList, HiddenFields, SubmitButton, TextField, formatBytes, formatTime } from "@/components/ui";
import type { FormAction } from "@/components/ui";
import type { PublishDetails } from "@/lib/images";

const TONE = { pending: "amber", approved: "green", rejected: "red" } as const;

/** A publish request with what an admin needs to decide: size, layers, history, who asked. */
export function PublishRequestCard({ pr, approveAction, rejectAction }: { pr: PublishDetails; approveAction?: FormAction; rejectAction?: FormAction }) {
  return (
    <Card title={`${pr.repository ?? "(deleted image)"}:${pr.tag ?? ""} → ${pr.marketRepository ?? ""}`} description={pr.description}>
      <div className="space-y-3 text-sm" data-testid={`publish-request-${pr.id}`}>
        <DescriptionList
          items={[
            { label: "Status", value: <Badge tone={TONE[pr.status as keyof typeof TONE] ?? "neutral"}>{pr.status}</Badge> },
            { label: "Asked by", value: `${pr.requestedBy?.email ?? "?"} · ${formatTime(pr.createdAt)}` },
            { label: "Digest", value: <span className="font-mono text-xs break-all">{pr.digest}</span> },
            { label: "Size", value: `${formatBytes(pr.sizeBytes)} in ${pr.layers.length} layer(s)` },
            ...(pr.author ? [{ label: "Author", value: pr.author }] : []),
            ...(pr.decidedBy ? [{ label: "Decided by", value: `${pr.decidedBy.email} · ${formatTime(pr.decidedAt)}${pr.reason ? ` — ${pr.reason}` : ""}` }] : []),
          ]}
        />
        {pr.history.length > 0 && (
          <details>
            <summary className="cursor-pointer">History ({pr.history.length} steps)</summary>
            <ol className="mt-2 space-y-1 font-mono text-xs">
              {pr.history.map((h, i) => (
                <li key={i} className="break-all">{h.created ? `${formatTime(h.created)} ` : ""}{h.createdBy ?? h.comment ?? ""}{h.emptyLayer ? " (no layer)" : ""}</li>
              ))}
            </ol>
          </details>
        )}
        {pr.status === "pending" && approveAction && rejectAction && (
          <div className="flex flex-wrap items-end gap-4">
            <ActionForm action={approveAction} successMessage="Approved: published to the marketplace" aria-label={`Approve ${pr.repository}`}>
              <HiddenFields values={{ requestId: pr.id }} />
              <SubmitButton>Approve</SubmitButton>
            </ActionForm>
            <ActionForm action={rejectAction} successMessage="Rejected" aria-label={`Reject ${pr.repository}`} className="flex items-end gap-2">
              <HiddenFields values={{ requestId: pr.id }} />
              <TextField label="Reason" name="reason" required maxLength={1000} />
              <SubmitButton variant="danger">Reject</SubmitButton>
            </ActionForm>
          </div>
        )}
      </div>
    </Card>
  );
}
