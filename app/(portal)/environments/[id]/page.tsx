import type { Metadata } from "next";
import Link from "next/link";
import { getEnvironment } from "@/lib/environments";
import { getTenant } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { listHosts } from "@/lib/hosts";
import { listApps } from "@/lib/apps";
import { listPortLeases } from "@/lib/ports/list-ports";
import { ActionForm, ButtonLink, Card, ConfirmDialog, DescriptionList, HiddenFields, PageHeader, SubmitButton, formatTime } from "@/components/ui";
import { EnvironmentFields } from "@/components/environments/environment-fields";
import { HostsTable } from "@/components/hosts/hosts-table";
import { AddHostDialog } from "@/components/hosts/add-host-dialog";
import { AppsTable } from "@/components/apps/apps-table";
import { PortLeasesTable } from "@/components/ports/port-leases-table";
import { HostStats } from "@/components/containers/host-stats";
import { addHostAction, deleteEnvironmentAction, removeHostAction, updateEnvironmentAction } from "./actions";

export const metadata: Metadata = { title: "Environment" };

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export default async function EnvironmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const env = await orNotFound(getEnvironment({ actor, environmentId: id }));
  const tenant = await orNotFound(getTenant({ actor, tenantId: env.tenantId }));
  const scope = { tenantId: env.tenantId };
  const canUpdate = can(actor, "environment.update", scope);
  const canDelete = can(actor, "environment.delete", scope);
  const canManageHosts = can(actor, "host.manage", scope);
  const canDeploy = can(actor, "app.deploy", scope);
  const [hosts, apps, ports] = await Promise.all([
    listHosts({ actor, environmentId: env.id }),
    listApps({ actor, environmentId: env.id, query: { limit: 500 } }),
    listPortLeases({ actor, environmentId: env.id }),
  ]);

  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href={`/tenants/${tenant.id}`} className="hover:underline">
              {tenant.name}
            </Link>{" "}
            / Environment
          </>
        }
        title={env.name}
        description={env.description || undefined}
      />
      <div className="space-y-6">
        <Card title="Overview">
          <DescriptionList
            items={[
              { label: "Port range", value: <span className="font-mono">{env.portRange.from}–{env.portRange.to}</span> },
              { label: "Publish mode", value: env.publishMode },
              { label: "Endpoint mode", value: env.endpointMode },
              { label: "Default limits", value: `${env.defaults.cpus} CPU · ${env.defaults.memoryMb} MiB` },
              { label: "Bind-mount allow-list", value: env.bindAllowList.length ? <span className="font-mono text-xs">{env.bindAllowList.join(", ")}</span> : "None (no host paths)" },
              { label: "Created", value: formatTime(env.createdAt) },
            ]}
          />
        </Card>

        <Card
          title="Hosts"
          description="Docker Engines of this environment's swarm. Status, resources and errors update live."
          actions={canManageHosts ? <AddHostDialog environmentId={env.id} action={addHostAction} /> : undefined}
        >
          <HostsTable
            environmentId={env.id}
            initial={hosts.items}
            canManage={canManageHosts}
            removeAction={removeHostAction}
            emptyHint={
              canManageHosts
                ? "Next: add a Docker Engine (VM, bare metal or cloud server) with Add host. The first host starts the environment's swarm; later hosts join it."
                : "Next: ask an owner of this tenant to add a host. Apps run once the environment has at least one host."
            }
          />
        </Card>

        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          <Card
            title="Apps"
            description="Stacks deployed from Compose files."
            actions={canDeploy ? <ButtonLink href={`/environments/${env.id}/apps/new`} variant="primary" size="sm">Deploy app</ButtonLink> : undefined}
          >
            <AppsTable
              environmentId={env.id}
              initial={apps.items}
              emptyHint={
                canDeploy
                  ? hosts.items.length === 0
                    ? "Next: add a host, then deploy an app here from a Compose file with Deploy app."
                    : "Next: deploy an app from a Compose file with Deploy app."
                  : "No apps yet. Members of this tenant deploy apps; you can follow them here once deployed."
              }
            />
          </Card>
          <Card title="Host load" description="Sum of the latest stats sample of each running container, per host.">
            <HostStats environmentId={env.id} />
          </Card>
          <Card title="Port leases" description="Published ports of this environment's pool and who holds them.">
            <PortLeasesTable environmentId={env.id} initial={ports} />
          </Card>
        </div>

        {canUpdate && (
          <Card title="Settings" description="Changing the port range is refused while a leased port would fall outside it.">
            <ActionForm action={updateEnvironmentAction} successMessage="Environment saved" resetOnSuccess={false} aria-label="Edit environment">
              <HiddenFields values={{ environmentId: env.id }} />
              <EnvironmentFields env={env} showBindAllowList={actor.platformAdmin} />
              <div className="flex justify-end">
                <SubmitButton>Save changes</SubmitButton>
              </div>
            </ActionForm>
          </Card>
        )}

        {canDelete && (
          <Card title="Delete environment" className="border-red-200">
            <div className="flex flex-wrap items-center justify-between gap-4">
              <p className="max-w-prose text-sm text-zinc-700">
                {env.hostCount + env.appCount > 0
                  ? `Remove its ${plural(env.appCount, "app")} and ${plural(env.hostCount, "host")} first; the portal refuses to delete an environment that still runs something.`
                  : "Deleting removes the environment and its settings. This cannot be undone."}
              </p>
              <ConfirmDialog
                triggerLabel="Delete environment"
                title={`Delete environment ${env.name}?`}
                description="This cannot be undone."
                confirmText={env.name}
                confirmLabel="Delete environment"
                action={deleteEnvironmentAction}
                values={{ environmentId: env.id }}
                successMessage={`Environment ${env.name} deleted`}
                redirectTo={`/tenants/${env.tenantId}`}
              />
            </div>
          </Card>
        )}
      </div>
    </>
  );
}
