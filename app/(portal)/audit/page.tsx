import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { pageErrorMessage } from "@/lib/i18n/page-error";
import { listAudit } from "@/lib/audit";
import { listTenants } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { isAppError } from "@/lib/errors";
import { pageActor } from "@/app/_lib/page-actor";
import { Button, ButtonLink, Card, EmptyState, PageHeader, SelectField, TextField } from "@/components/ui";
import { AuditTable } from "@/components/audit/audit-table";
import type { AuditFilters } from "@/components/audit/audit-keys";

export const generateMetadata = pageTitle("audit");

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await pageActor();
  const t = await getTranslations("audit");
  const sp = await searchParams;
  const filters: AuditFilters = { action: one(sp.action), actor: one(sp.actor), result: one(sp.result), tenantId: one(sp.tenantId) };
  // Page size from the URL (bounded) so long logs can be read in bigger steps.
  const pageSize = Math.min(Math.max(Number(one(sp.limit)) || 50, 1), 200);
  const tenants = (await listTenants({ actor, query: { limit: 500 } })).items;
  const readable = tenants.filter((t) => can(actor, "audit.read", { tenantId: t.id }));
  const tenantNames = Object.fromEntries(tenants.map((t) => [t.id, t.name]));

  let firstPage: Awaited<ReturnType<typeof listAudit>> | null = null;
  let problem: string | null = null;
  try {
    firstPage = await listAudit({ actor, query: { ...filters, limit: pageSize } });
  } catch (e) {
    // Members and viewers are refused (owners and admins only); bad filter values are a message too.
    if (!isAppError(e) || !["FORBIDDEN", "NOT_FOUND", "VALIDATION"].includes(e.code)) throw e;
    problem = e.code === "VALIDATION" ? t("badFilter") : await pageErrorMessage(e);
  }

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {problem && !firstPage && readable.length === 0 && !actor.platformAdmin ? (
        <EmptyState title={t("forbiddenTitle")}>{t("forbiddenBody")}</EmptyState>
      ) : (
        <div className="space-y-6">
          <Card title={t("filters")}>
            {/* A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */}
            <form
              method="get"
              action="/audit"
              aria-label={t("filterLabel")}
              className="grid grid-cols-1 items-end gap-4 md:grid-cols-[1fr_1fr_10rem_14rem_auto]"
            >
              <TextField label={t("action")} name="action" defaultValue={filters.action} placeholder={t("actionPlaceholder")} />
              <TextField label={t("actor")} name="actor" defaultValue={filters.actor} placeholder={t("actorPlaceholder")} />
              <SelectField label={t("result")} name="result" defaultValue={filters.result ?? ""}>
                <option value="">{t("anyResult")}</option>
                <option value="ok">{t("resultOk")}</option>
                <option value="denied">{t("resultDenied")}</option>
                <option value="error">{t("resultError")}</option>
              </SelectField>
              <SelectField label={t("tenant")} name="tenantId" defaultValue={filters.tenantId ?? ""}>
                <option value="">{actor.platformAdmin ? t("allTenantsAndPlatform") : t("allMyTenants")}</option>
                {readable.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </SelectField>
              <div className="flex gap-2">
                <Button type="submit" variant="primary">
                  {t("apply")}
                </Button>
                <ButtonLink href="/audit">{t("clear")}</ButtonLink>
              </div>
            </form>
          </Card>
          {firstPage ? (
            <AuditTable key={JSON.stringify([filters, pageSize])} filters={filters} pageSize={pageSize} firstPage={firstPage} tenantNames={tenantNames} />
          ) : (
            <EmptyState title={t("cannotShow")}>{problem}</EmptyState>
          )}
        </div>
      )}
    </>
  );
}
