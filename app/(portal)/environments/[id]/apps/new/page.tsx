import { CurrentTenant } from "@/components/shell/current-tenant";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import Link from "next/link";
import { getEnvironment } from "@/lib/environments";
import { getTenant } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, Card, EmptyState, PageHeader } from "@/components/ui";
import { DeployForm } from "@/components/apps/deploy-form";
import { createAppAction } from "./actions";

export const generateMetadata = pageTitle("deployApp");

export default async function DeployAppPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const t = await getTranslations("deployPage");
  const env = await orNotFound(getEnvironment({ actor, environmentId: id }));
  // a shared environment is seen as the caller's tenant (issue 16); an admin's view has none
  const tenant = await orNotFound(getTenant({ actor, tenantId: env.tenantId ?? "" }));
  const canDeploy = can(actor, "app.deploy", { tenantId: tenant.id });

  return (
    <>
      <CurrentTenant id={tenant.id} />
      <PageHeader
        eyebrow={
          <>
            <Link href={`/tenants/${tenant.id}`} className="hover:underline">
              {tenant.name}
            </Link>{" "}
            /{" "}
            <Link href={`/environments/${env.id}`} className="hover:underline">
              {env.name}
            </Link>{" "}
            / {t("eyebrow")}
          </>
        }
        title={t("title")}
        description={t.rich("description", {
          range: `${env.portRange.from}–${env.portRange.to}`,
          cpus: env.defaults.cpus,
          memoryMb: env.defaults.memoryMb,
          mono: (c) => <span className="font-mono">{c}</span>,
        })}
      />
      {!canDeploy ? (
        <EmptyState title={t("cannotDeploy")} action={<ButtonLink href={`/environments/${env.id}`}>{t("backTo", { name: env.name })}</ButtonLink>}>
          {t("cannotDeployBody", { tenant: tenant.name })}
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {env.hostCount === 0 && (
            <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {t.rich("noHosts", {
                link: (c) => (
                  <Link href={`/environments/${env.id}`} className="font-medium underline">
                    {c}
                  </Link>
                ),
              })}
            </p>
          )}
          <Card title={t("composeFile")} description={t("composeFileDescription")}>
            <DeployForm environmentId={env.id} action={createAppAction} />
          </Card>
        </div>
      )}
    </>
  );
}
