// A template publish request as the admin reviews it: the pinned version's compose with the policy
// verdict, its questions, the readme, and the images other tenants could not pull.
import { useTranslations } from "next-intl";
import { ActionForm, Badge, Card, DescriptionList, HiddenFields, SubmitButton, TextField, Time } from "@/components/ui";
import type { FormAction } from "@/components/ui";
import type { TemplatePublishDetails } from "@/lib/templates";

const TONE = { pending: "amber", approved: "green", rejected: "red" } as const;

export function TemplateReviewCard({ pr, approveAction, rejectAction }: { pr: TemplatePublishDetails; approveAction?: FormAction; rejectAction?: FormAction }) {
  const t = useTranslations("templateReview");
  const states = useTranslations("states");
  const hidden = pr.images.filter((i) => !i.visibleToAll);
  const name = `${pr.templateName ?? t("deleted")} ${pr.version ?? ""}`;
  return (
    <Card title={t("title", { name })} description={pr.description}>
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
            {
              label: t("verdict"),
              value: pr.verdict.ok ? (
                <Badge tone="green">{t("policyOk")}</Badge>
              ) : (
                <ul className="list-disc pl-4 text-red-800">
                  {pr.verdict.problems.map((p, i) => (
                    <li key={i}>
                      <span className="font-mono">{p.path}</span>: {p.message}
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              label: t("images"),
              value:
                hidden.length === 0 ? (
                  t("imagesOk")
                ) : (
                  <span className="text-amber-900">{t("imagesHidden", { images: hidden.map((i) => i.reference).join(", ") })}</span>
                ),
            },
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
        <details>
          <summary className="cursor-pointer">{t("compose")}</summary>
          <pre className="mt-2 max-h-80 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs">{pr.compose}</pre>
        </details>
        <details>
          <summary className="cursor-pointer">{t("questions", { count: pr.questions.length })}</summary>
          <ul className="mt-2 space-y-1">
            {pr.questions.map((q) => (
              <li key={q.variable}>
                <span className="font-medium">{q.label}</span> <span className="font-mono text-xs">{q.variable}</span> ({q.type})
              </li>
            ))}
          </ul>
        </details>
        {pr.readme && (
          <details>
            <summary className="cursor-pointer">{t("readme")}</summary>
            <div className="mt-2 whitespace-pre-wrap">{pr.readme}</div>
          </details>
        )}
        {pr.status === "pending" && approveAction && rejectAction && (
          <div className="flex flex-wrap items-end gap-4">
            <ActionForm action={approveAction} successMessage={t("approved")} aria-label={t("approveAria", { name })}>
              <HiddenFields values={{ requestId: pr.id }} />
              <SubmitButton>{t("approve")}</SubmitButton>
            </ActionForm>
            <ActionForm action={rejectAction} successMessage={t("rejected")} aria-label={t("rejectAria", { name })} className="flex items-end gap-2">
              <HiddenFields values={{ requestId: pr.id }} />
              <TextField label={t("reason")} name="reason" required />
              <SubmitButton variant="danger">{t("reject")}</SubmitButton>
            </ActionForm>
          </div>
        )}
      </div>
    </Card>
  );
}
