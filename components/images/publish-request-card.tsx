import { useTranslations } from "next-intl";
import { ActionForm, Badge, Card, DescriptionList, HiddenFields, SubmitButton, TextField, formatBytes, Time } from "@/components/ui";
import type { FormAction } from "@/components/ui";
import type { PublishDetails } from "@/lib/images";

const TONE = { pending: "amber", approved: "green", rejected: "red" } as const;

/** A publish request with what an admin needs to decide: size, layers, history, who asked. */
export function PublishRequestCard({ pr, approveAction, rejectAction }: { pr: PublishDetails; approveAction?: FormAction; rejectAction?: FormAction }) {
  const t = useTranslations("publishRequest");
  const states = useTranslations("states");
  return (
    <Card
      title={
        pr.repository ? (
          // repository paths are names for docker, shown as code (not translated)
          <span className="font-mono" translate="no">{`${pr.repository}:${pr.tag ?? ""} → ${pr.marketRepository ?? ""}`}</span>
        ) : (
          `${t("deletedImage")} → ${pr.marketRepository ?? ""}`
        )
      }
      description={pr.description}
    >
      <div className="space-y-3 text-sm" data-testid={`publish-request-${pr.id}`}>
        <DescriptionList
          items={[
            {
              label: t("status"),
              value: (
                <Badge tone={TONE[pr.status as keyof typeof TONE] ?? "neutral"}>
                  {states.has(pr.status as never) ? states(pr.status as never) : pr.status}
                </Badge>
              ),
            },
            {
              label: t("askedBy"),
              value: (
                <>
                  {pr.requestedBy?.email ?? "?"} · <Time value={pr.createdAt} />
                </>
              ),
            },
            { label: t("digest"), value: <span className="font-mono text-xs break-all">{pr.digest}</span> },
            { label: t("size"), value: t("sizeValue", { size: formatBytes(pr.sizeBytes), layers: pr.layers.length }) },
            ...(pr.author ? [{ label: t("author"), value: pr.author }] : []),
            ...(pr.decidedBy
              ? [
                  {
                    label: t("decidedBy"),
                    value: (
                      <>
                        {pr.decidedBy.email} · <Time value={pr.decidedAt} />
                        {pr.reason ? ` — ${pr.reason}` : ""}
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {pr.history.length > 0 && (
          <details>
            <summary className="cursor-pointer">{t("history", { count: pr.history.length })}</summary>
            <ol className="mt-2 space-y-1 font-mono text-xs">
              {pr.history.map((h, i) => (
                <li key={i} className="break-all">
                  {h.created ? (
                    <>
                      <Time value={h.created} />{" "}
                    </>
                  ) : (
                    ""
                  )}
                  {h.createdBy ?? h.comment ?? ""}
                  {h.emptyLayer ? ` ${t("noLayer")}` : ""}
                </li>
              ))}
            </ol>
          </details>
        )}
        {pr.status === "pending" && approveAction && rejectAction && (
          <div className="flex flex-wrap items-end gap-4">
            <ActionForm action={approveAction} successMessage={t("approved")} aria-label={t("approveAria", { repository: pr.repository ?? "" })}>
              <HiddenFields values={{ requestId: pr.id }} />
              <SubmitButton>{t("approve")}</SubmitButton>
            </ActionForm>
            <ActionForm
              action={rejectAction}
              successMessage={t("rejected")}
              aria-label={t("rejectAria", { repository: pr.repository ?? "" })}
              className="flex items-end gap-2"
            >
              <HiddenFields values={{ requestId: pr.id }} />
              <TextField label={t("reason")} name="reason" required maxLength={1000} />
              <SubmitButton variant="danger">{t("reject")}</SubmitButton>
            </ActionForm>
          </div>
        )}
      </div>
    </Card>
  );
}
