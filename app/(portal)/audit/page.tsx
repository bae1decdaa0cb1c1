import type { Metadata } from "next";
import { listAudit } from "@/lib/audit";
import { listTenants } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { isAppError } from "@/lib/errors";
import { pageActor } from "@/app/_lib/page-actor";
import { Button, ButtonLink, Card, EmptyState, PageHeader, SelectField, TextField } from "@/components/ui";
import { AuditTable } from "@/components/audit/audit-table";
import type { AuditFilters } from "@/components/audit/audit-keys";

export const metadata: Metadata = { title: "Audit" };

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await pageActor();
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
    problem = e.code === "VALIDATION" ? "A filter value is not valid; clear the filters and try again." : e.message;
  }

  return (
    <>
      <PageHeader title="Audit" description="Who changed what, when, and whether it was allowed. Newest first." />
      {problem && !firstPage && readable.length === 0 && !actor.platformAdmin ? (
        <EmptyState title="Only tenant owners and platform admins can read the audit log">Ask an owner of your tenant if you need to know who changed something.</EmptyState>
      ) : (
        <div className="space-y-6">
          <Card title="Filters">
            {/* A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */}
            <form method="get" action="/audit" aria-label="Filter audit events" className="grid grid-cols-1 items-end gap-4 md:grid-cols-[1fr_1fr_10rem_14rem_auto]">
              <TextField label="Action" name="action" defaultValue={filters.action} placeholder="contains, e.g. environment." />
              <TextField label="Actor" name="actor" defaultValue={filters.actor} placeholder="email contains, e.g. ann@" />
              <SelectField label="Result" name="result" defaultValue={filters.result ?? ""}>
                <option value="">Any result</option>
                <option value="ok">ok</option>
                <option value="denied">denied</option>
                <option value="error">error</option>
              </SelectField>
              <SelectField label="Tenant" name="tenantId" defaultValue={filters.tenantId ?? ""}>
                <option value="">{actor.platformAdmin ? "All tenants and platform" : "All my tenants"}</option>
                {readable.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </SelectField>
              <div className="flex gap-2">
                <Button type="submit" variant="primary">
                  Apply
                </Button>
                <ButtonLink href="/audit">Clear</ButtonLink>
              </div>
            </form>
          </Card>
          {firstPage ? (
            <AuditTable key={JSON.stringify([filters, pageSize])} filters={filters} pageSize={pageSize} firstPage={firstPage} tenantNames={tenantNames} />
          ) : (
            <EmptyState title="The audit log cannot be shown with these filters">{problem}</EmptyState>
          )}
        </div>
      )}
    </>
  );
}
