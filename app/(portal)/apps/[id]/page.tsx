import { CurrentTenant } from "@/components/shell/current-tenant";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import Link from "next/link";
import { getApp, getDeployOfJob, listRevisions } from "@/lib/apps";
import { getEnvironment } from "@/lib/environments";
import { listHosts } from "@/lib/hosts";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, PageHeader } from "@/components/ui";
import { AppActions, AppSummary } from "@/components/apps/app-actions";
import { ServicesTable } from "@/components/apps/services-table";
import { RevisionsSection } from "@/components/apps/revisions-section";
import { RedeployForm } from "@/components/apps/redeploy-form";
import { JobProgress } from "@/components/jobs/job-progress";
import { DeployProgress } from "@/components/apps/deploy-progress";
import { appKeys } from "@/components/apps/app-keys";
import { serviceKeys } from "@/components/services/service-keys";
import { deleteAppAction, redeployAppAction, rollbackAppAction, startAppAction, stopAppAction } from "./actions";
import { AppTemplatePanel } from "@/components/store/app-template-panel";
import { saveAsTemplateAction } from "./upgrade/actions";

export const generateMetadata = pageTitle("app");

export default async function AppPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ job?: string | string[] }> }) {
  const { id } = await params;
  const { job } = await searchParams;
  const jobId = typeof job === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(job) ? job : null;
  const actor = await pageActor();
  const t = await getTranslations("app");
  const app = await orNotFound(getApp({ actor, appId: id }));
  const [env, revisions, hosts, deploy] = await Promise.all([
    getEnvironment({ actor, environmentId: app.environmentId }),
    listRevisions({ actor, appId: app.id }),
    listHosts({ actor, environmentId: app.environmentId }),
    // A deploy job gets its step list and task states; other jobs the plain progress bar.
    jobId ? getDeployOfJob({ actor, jobId }).catch(() => null) : Promise.resolve(null),
  ]);
  const scope = { tenantId: app.tenantId };
  const canDeploy = can(actor, "app.deploy", scope);
  const canManage = can(actor, "app.manage", scope);
  const current = revisions.items.find((r) => r.current);
  // Port links need an address a browser can reach: the advertise address of a ready host.
  const portHosts = hosts.items.filter((h) => h.status === "ready" && h.advertiseAddr).map((h) => ({ id: h.id, addr: h.advertiseAddr! }));

  return (
    <>
      <CurrentTenant id={app.tenantId} />
      <PageHeader
        eyebrow={
          <>
            <Link href={`/environments/${env.id}`} className="hover:underline">
              {env.name}
            </Link>{" "}
            / {t("eyebrow")}
          </>
        }
        title={app.name}
        description={<AppSummary initial={app} />}
        actions={
          <AppActions
            initial={app}
            canManage={canManage}
            canDeploy={canDeploy}
            actions={{ stop: stopAppAction, start: startAppAction, delete: deleteAppAction }}
          />
        }
      />
      <div className="space-y-6">
        {jobId && deploy && deploy.appId === app.id && (
          <DeployProgress
            key={jobId}
            appId={app.id}
            jobId={jobId}
            initial={deploy}
            canCancel={canDeploy}
            invalidate={[
              appKeys.detail(app.id),
              appKeys.revisions(app.id),
              appKeys.list(app.environmentId),
              ...app.services.map((s) => serviceKeys.containers(s.id)),
            ]}
          />
        )}
        {jobId && !deploy && (
          <JobProgress
            key={jobId}
            jobId={jobId}
            invalidate={[
              appKeys.detail(app.id),
              appKeys.revisions(app.id),
              appKeys.list(app.environmentId),
              ...app.services.map((s) => serviceKeys.containers(s.id)),
            ]}
          />
        )}

        <Card title={t("services")} description={t("servicesDescription")}>
          <ServicesTable initial={app} hosts={portHosts} publishMode={env.publishMode} />
          {portHosts.length === 0 && app.services.some((s) => s.ports.length > 0) && <p className="mt-2 text-sm text-zinc-600">{t("portLinksLater")}</p>}
        </Card>

        <AppTemplatePanel actor={actor} appId={app.id} canDeploy={canDeploy} saveAction={saveAsTemplateAction} />

        <Card title={t("revisions")} description={t("revisionsDescription")}>
          <RevisionsSection appId={app.id} initial={revisions.items} canDeploy={canDeploy} rollbackAction={rollbackAppAction} />
        </Card>

        <div id="compose" className="scroll-mt-4">
          <Card
            title={t("compose")}
            description={canDeploy ? t("composeDescription") : t("composeDescriptionViewer")}
            actions={
              <a href={`/api/v1/apps/${app.id}/compose`} download={`${app.name}.compose.yaml`} className="text-sm text-blue-800 hover:underline">
                {t("downloadExported")}
              </a>
            }
          >
            {canDeploy ? (
              // Keyed by revision: after a redeploy or rollback the editor starts from the new current file.
              <RedeployForm
                key={current?.number ?? 0}
                appId={app.id}
                appName={app.name}
                environmentId={app.environmentId}
                compose={current?.composeText ?? ""}
                remapPorts={app.portMappings.length > 0}
                action={redeployAppAction}
              />
            ) : (
              <pre className="max-h-96 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-5">
                {current?.composeText ?? t("noRevision")}
              </pre>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
