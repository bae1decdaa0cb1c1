// Usage and cost per tenant and month (issue 16): a chart and a table from the daily aggregates, CSV export.
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { pageErrorMessage } from "@/lib/i18n/page-error";
import { isAppError } from "@/lib/errors";
import { listTenants } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { getUsage, type UsageAnswer } from "@/lib/usage";
import { pageActor } from "@/app/_lib/page-actor";
import { Button, buttonClass, Card, EmptyState, PageHeader, SelectField, TextField } from "@/components/ui";
import { UsageTable } from "@/components/usage/usage-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("quota");
  return { title: t("usage.title") };
}

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

function monthRange(month: string | undefined): { month: string; from: string; to: string } {
  const now = new Date();
  const m = month && /^\d{4}-\d{2}$/.test(month) ? month : now.toISOString().slice(0, 7);
  const [y, mm] = m.split("-").map(Number);
  const last = new Date(Date.UTC(y, mm, 0)).getUTCDate();
  return { month: m, from: `${m}-01`, to: `${m}-${String(last).padStart(2, "0")}` };
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await pageActor();
  const t = await getTranslations("quota");
  const sp = await searchParams;
  const tenants = (await listTenants({ actor, query: { limit: 500 } })).items.filter((x) => can(actor, "usage.read", { tenantId: x.id }));
  const tenantId = one(sp.tenantId) ?? (actor.platformAdmin ? undefined : tenants[0]?.id);
  const groupBy = (["day", "app", "environment"] as const).find((g) => g === one(sp.groupBy)) ?? "day";
  const range = monthRange(one(sp.month));
  const query = { ...(tenantId ? { tenantId } : {}), from: range.from, to: range.to, groupBy };
  let usage: UsageAnswer | null = null;
  let problem: string | null = null;
  try {
    if (tenantId || actor.platformAdmin) usage = await getUsage({ actor, query });
  } catch (e) {
    if (!isAppError(e)) throw e;
    problem = await pageErrorMessage(e);
  }
  const csvHref = `/api/v1/usage?${new URLSearchParams({ ...query, format: "csv" }).toString()}`;

  return (
    <>
      <PageHeader title={t("usage.title")} description={t("usage.description")} />
      <div className="space-y-6">
        <Card title={t("usage.show")}>
          <form method="get" action="/usage" aria-label={t("usage.show")} className="grid grid-cols-1 items-end gap-4 md:grid-cols-[1fr_12rem_12rem_auto]">
            <SelectField label={t("usage.tenant")} name="tenantId" defaultValue={tenantId ?? ""}>
              {actor.platformAdmin && <option value="">{t("usage.allTenants")}</option>}
              {tenants.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </SelectField>
            <TextField label={t("usage.month")} name="month" type="month" defaultValue={range.month} />
            <SelectField label={t("usage.groupBy")} name="groupBy" defaultValue={groupBy}>
              <option value="day">{t("usage.groupDay")}</option>
              <option value="app">{t("usage.groupApp")}</option>
              <option value="environment">{t("usage.groupEnvironment")}</option>
            </SelectField>
            <div className="flex gap-2">
              <Button type="submit" variant="primary">
                {t("usage.show")}
              </Button>
              {usage && (
                // a plain link: the browser downloads the file (no client-side navigation)
                <a href={csvHref} download="usage.csv" className={buttonClass()}>
                  {t("usage.exportCsv")}
                </a>
              )}
            </div>
          </form>
        </Card>
        {usage ? <UsageTable usage={usage} /> : <EmptyState title={t("usage.title")}>{problem ?? t("usage.empty")}</EmptyState>}
      </div>
    </>
  );
}
