"use client";
// The app header: its live status and the lifecycle actions that fit it. Stop and delete ask
// first (delete wants the name typed); start does not, it only brings back what was running.
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import type { AppDto } from "@/lib/apps";
import { ActionForm, ButtonLink, ConfirmDialog, HiddenFields, SubmitButton, type FormAction } from "@/components/ui";
import { StateBadge } from "@/components/live/state-badge";
import { appKeys } from "./app-keys";
import { replicaTotals } from "./replica-totals";
import { useApp } from "./use-app";

/** Status, revision and replica totals; inline, for the page header's description. */
export function AppSummary({ initial }: { initial: AppDto }) {
  const app = useApp(initial).data;
  const t = replicaTotals(app);
  return (
    <span className="inline-flex flex-wrap items-center gap-2" aria-live="polite">
      <StateBadge state={app.status} />
      <span>revision {app.revision ?? "—"}</span>
      <span aria-hidden="true">·</span>
      <span>
        {t.running}/{t.desired} replicas running in {app.services.length} service{app.services.length === 1 ? "" : "s"}
      </span>
    </span>
  );
}

interface Props {
  initial: AppDto;
  canManage: boolean;
  canDeploy: boolean;
  actions: { stop: FormAction; start: FormAction; delete: FormAction };
}

export function AppActions({ initial, canManage, canDeploy, actions }: Props) {
  const app = useApp(initial).data;
  const router = useRouter();
  const qc = useQueryClient();
  const follow = (d: unknown) => {
    void qc.invalidateQueries({ queryKey: appKeys.detail(app.id) });
    router.replace(`/apps/${app.id}?job=${(d as { jobId: string }).jobId}`, { scroll: false });
  };
  const values = { appId: app.id };
  const deleting = app.status === "deleting";
  return (
    <div className="flex flex-wrap items-center gap-2">
      {canDeploy && !deleting && (
        <ButtonLink href="#compose" size="sm">
          Redeploy
        </ButtonLink>
      )}
      {canManage && ["running", "degraded", "drifted"].includes(app.status) && (
        <ConfirmDialog
          triggerLabel="Stop"
          triggerVariant="secondary"
          title={`Stop ${app.name}?`}
          description="Every service is scaled to 0. The app keeps its revisions and ports; Start brings it back."
          confirmLabel="Stop app"
          action={actions.stop}
          values={values}
          successMessage={`Stopping ${app.name}`}
          onSuccess={follow}
        />
      )}
      {canManage && ["stopped", "failed"].includes(app.status) && (
        <ActionForm action={actions.start} successMessage={`Starting ${app.name}`} onSuccess={follow} aria-label={`Start ${app.name}`} className="inline-flex">
          <HiddenFields values={values} />
          <SubmitButton size="sm" variant="secondary">
            Start
          </SubmitButton>
        </ActionForm>
      )}
      {canManage && !deleting && (
        <ConfirmDialog
          triggerLabel="Delete"
          title={`Delete ${app.name}?`}
          description="Its services, containers, network, volumes and port leases are removed. This cannot be undone."
          confirmText={app.name}
          confirmLabel="Delete app"
          action={actions.delete}
          values={values}
          successMessage={`Deleting ${app.name}`}
          redirectTo={`/environments/${app.environmentId}`}
        />
      )}
    </div>
  );
}
