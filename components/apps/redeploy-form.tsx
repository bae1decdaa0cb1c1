"use client";
// Edit the current Compose file and redeploy: a new revision and a rolling update. Problems come
// back inline with their key paths; on success the page follows the deploy job.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { ActionForm, CheckboxField, HiddenFields, SubmitButton, type FormAction } from "@/components/ui";
import { PendingNote } from "@/components/live/pending-note";
import { ComposeEditor } from "./compose-editor";
import { VariablesField, isVariablesPath } from "./variables-field";
import { appKeys } from "./app-keys";

export function RedeployForm({
  appId,
  appName,
  environmentId,
  compose,
  remapPorts = false,
  action,
}: {
  appId: string;
  appName: string;
  environmentId: string;
  compose: string;
  /** The current revision's option (a redeploy keeps it unless unticked). */
  remapPorts?: boolean;
  action: FormAction<{ jobId: string }>;
}) {
  const t = useTranslations("deploy");
  const router = useRouter();
  const qc = useQueryClient();
  return (
    <ActionForm
      action={action}
      aria-label={t("redeployLabel")}
      successMessage={t("redeployStarted")}
      resetOnSuccess={false}
      onSuccess={(d) => {
        void qc.invalidateQueries({ queryKey: appKeys.detail(appId) });
        void qc.invalidateQueries({ queryKey: appKeys.revisions(appId) });
        router.replace(`/apps/${appId}?job=${d.jobId}`, { scroll: false });
      }}
    >
      <HiddenFields values={{ appId }} />
      <ComposeEditor
        environmentId={environmentId}
        appName={appName}
        defaultValue={compose}
        ignore={(p) => p === "appId" || p === "remapPorts" || isVariablesPath(p)}
        hint={t("currentFile")}
      />
      <VariablesField hint={t("variablesRedeployHint")} />
      <CheckboxField label={t("remapPorts")} name="remapPorts" value="true" defaultChecked={remapPorts} hint={t("remapPortsHint")} />
      <div className="flex flex-wrap items-center justify-end gap-4">
        <PendingNote>{t("checking")}</PendingNote>
        <SubmitButton>{t("redeploy")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
