import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { requestPreferences } from "@/lib/i18n/request-preferences";
import { localizeStoredText } from "@/lib/i18n/stored-text";
import { listReplicationTasks, MAX_ATTEMPTS, type ReplicationTaskDto } from "@/lib/replication";
import { pageActor } from "@/app/_lib/page-actor";
import { AdminOnly } from "@/components/shell/admin-only";
import { Badge, EmptyState, PageHeader, TBody, Table, Td, Th, THead, Time, Tr, cn } from "@/components/ui";
import { CompareNowButton, RefreshWhileActive, RetryButton } from "@/components/replication/replication-controls";

export const generateMetadata = pageTitle("replication");

const STATUSES = ["queued", "copying", "failed", "done"] as const;
const TONE = { queued: "neutral", copying: "blue", failed: "red", done: "green" } as const;

export default async function ReplicationPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const actor = await pageActor();
  const t = await getTranslations("replicationPage");
  if (!actor.platformAdmin) return <AdminOnly title={t("title")} />;
  const { locale } = await requestPreferences();
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === sp.status);
  const { items, counts } = await listReplicationTasks({ actor, query: status ? { status } : {} });
  const total = STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const active = (counts.queued ?? 0) + (counts.copying ?? 0) > 0 || items.some((i) => i.status === "failed" && i.nextAttemptAt);
  const image = (i: ReplicationTaskDto) => (i.action === "copy" ? `${i.repository}:${i.reference}` : `${i.repository}@${i.reference.slice(0, 19)}…`);

  return (
    <>
      <PageHeader eyebrow={t("eyebrow")} title={t("title")} description={t("description")} actions={<CompareNowButton />} />
      <RefreshWhileActive active={active} />
      {total === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <div className="space-y-4">
          <nav aria-label={t("filterLabel")} className="flex flex-wrap gap-2 text-sm">
            {[undefined, ...STATUSES].map((s) => (
              <Link
                key={s ?? "all"}
                href={s ? `/admin/replication?status=${s}` : "/admin/replication"}
                aria-current={s === status ? "page" : undefined}
                className={cn("rounded-full px-3 py-1 ring-1 ring-zinc-300", s === status ? "bg-zinc-900 text-white" : "text-zinc-700 hover:bg-zinc-100")}
              >
                {s ? t(`status.${s}`) : t("all")} <span className="tabular-nums">{s ? (counts[s] ?? 0) : total}</span>
              </Link>
            ))}
          </nav>
          {items.length === 0 ? (
            <p className="text-sm text-zinc-600">{t("noRows")}</p>
          ) : (
            <Table caption={t("caption")}>
              <THead>
                <Th>{t("colImage")}</Th>
                <Th>{t("colAction")}</Th>
                <Th>{t("colTarget")}</Th>
                <Th>{t("colStatus")}</Th>
                <Th className="text-right">{t("colAttempts")}</Th>
                <Th className="text-right">{t("colLag")}</Th>
                <Th>{t("colUpdated")}</Th>
                <Th className="text-right">{t("colActions")}</Th>
              </THead>
              <TBody>
                {items.map((i) => (
                  <Tr key={i.id}>
                    <Td>
                      <code className="text-xs">{image(i)}</code>
                    </Td>
                    <Td>{t(`action.${i.action}`)}</Td>
                    <Td>{i.target.displayName}</Td>
                    <Td>
                      <Badge tone={TONE[i.status]}>{t(`status.${i.status}`)}</Badge>
                      {i.error && (
                        <p role="note" className="mt-1 max-w-md text-xs text-red-700">
                          {localizeStoredText(locale, i.error)}
                        </p>
                      )}
                      {i.status === "failed" && (
                        <p className="mt-1 text-xs text-zinc-600">
                          {i.nextAttemptAt ? (
                            <>
                              {t("nextAttempt")}: <Time value={i.nextAttemptAt} relative seconds />
                            </>
                          ) : (
                            t("gaveUp")
                          )}
                        </p>
                      )}
                    </Td>
                    <Td className="text-right tabular-nums">{t("attempts", { attempts: i.attempts, max: MAX_ATTEMPTS })}</Td>
                    <Td className="text-right tabular-nums">{i.lagMs === null ? "—" : t("lagMs", { ms: i.lagMs })}</Td>
                    <Td>
                      <Time value={i.updatedAt} relative />
                    </Td>
                    <Td className="text-right">
                      {(i.status === "failed" || i.status === "done") && <RetryButton taskId={i.id} image={image(i)} region={i.target.displayName} />}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </div>
      )}
    </>
  );
}
