import type { Metadata } from "next";
import Link from "next/link";
import { getEnvironment } from "@/lib/environments";
import { getTenant } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, Card, EmptyState, PageHeader } from "@/components/ui";
import { DeployForm } from "@/components/apps/deploy-form";
import { createAppAction } from "./actions";

export const metadata: Metadata = { title: "Deploy app" };

export default async function DeployAppPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const env = await orNotFound(getEnvironment({ actor, environmentId: id }));
  const tenant = await orNotFound(getTenant({ actor, tenantId: env.tenantId }));
  const canDeploy = can(actor, "app.deploy", { tenantId: env.tenantId });

  return (
    <>
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
            / Deploy
          </>
        }
        title="Deploy app"
        description={
          <>
            Services run on this environment&apos;s swarm. Published ports come from its pool <span className="font-mono">{env.portRange.from}–{env.portRange.to}</span>; services without limits
            get {env.defaults.cpus} CPU and {env.defaults.memoryMb} MiB.
          </>
        }
      />
      {!canDeploy ? (
        <EmptyState title="You cannot deploy here" action={<ButtonLink href={`/environments/${env.id}`}>Back to {env.name}</ButtonLink>}>
          Owners and members of {tenant.name} deploy apps. Ask an owner to make you a member.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {env.hostCount === 0 && (
            <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              This environment has no hosts yet, so a deploy cannot run. An owner adds hosts on the{" "}
              <Link href={`/environments/${env.id}`} className="font-medium underline">
                environment page
              </Link>
              .
            </p>
          )}
          <Card title="Compose file" description="Privileged containers, host namespaces, host paths outside the allow-list and the Docker socket are refused by the security policy.">
            <DeployForm environmentId={env.id} action={createAppAction} />
          </Card>
        </div>
      )}
    </>
  );
}
