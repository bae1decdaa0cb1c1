"use client";
// The app header: its live status and the lifecycle actions that fit it. Stop and delete ask
// first (delete wants the name typed); start does not, it only brings back what was running.
import { useTranslations } from "next-intl";
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
  const t = useTranslations("appActions");
  const totals = replicaTotals(app);
  return (
    <span className="inline-flex flex-wrap items-center gap-2" aria-live="polite">
      <StateBadge state={app.status} />
      <span>{t("revision", { revision: app.revision ?? "—" })}</span>
      <span aria-hidden="true">·</span>
      <span>{t("replicasRunning", { running: totals.running, desired: totals.desired, services: app.services.length })}</span>
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
  const t = useTranslations("appActions");
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
          {t("redeploy")}
        </ButtonLink>
      )}
      {canManage && ["running", "degraded", "drifted"].includes(app.status) && (
        <ConfirmDialog
          triggerLabel={t("stop")}
          triggerVariant="secondary"
          title={t("stopTitle", { name: app.name })}
          description={t("stopDescription")}
          confirmLabel={t("stopConfirm")}
          action={actions.stop}
          values={values}
          successMessage={t("stopping", { name: app.name })}
          onSuccess={follow}
        />
      )}
      {canManage && ["stopped", "failed"].includes(app.status) && (
        <ActionForm
          action={actions.start}
          successMessage={t("starting", { name: app.name })}
          onSuccess={follow}
          aria-label={t("startAria", { name: app.name })}
          className="inline-flex"
        >
          <HiddenFields values={values} />
          <SubmitButton size="sm" variant="secondary">
            {t("start")}
          </SubmitButton>
        </ActionForm>
      )}
      {canManage && !deleting && (
        <ConfirmDialog
          triggerLabel={t("delete")}
          title={t("deleteTitle", { name: app.name })}
          description={t("deleteDescription")}
          confirmText={app.name}
          confirmLabel={t("deleteConfirm")}
          action={actions.delete}
          values={values}
          successMessage={t("deleting", { name: app.name })}
          redirectTo={`/environments/${app.environmentId}`}
        />
      )}
    </div>
  );
}
