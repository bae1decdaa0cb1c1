"use client";
// Deploy a new app into an environment. The server validates the file and the policy before
// anything reaches an engine; on success the app page follows the deploy job (?job=).
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { ActionForm, CheckboxField, HiddenFields, SubmitButton, TextField, type FormAction } from "@/components/ui";
import { PendingNote } from "@/components/live/pending-note";
import { ComposeEditor } from "./compose-editor";
import { VariablesField, isVariablesPath } from "./variables-field";

export const SAMPLE_COMPOSE = `services:
  web:
    image: nginx:1.27
    deploy:
      replicas: 2
    ports:
      - "80"        # a published port is leased from the environment's pool
`;

type Created = { app: { id: string }; jobId: string };

export function DeployForm({ environmentId, action }: { environmentId: string; action: FormAction<Created> }) {
  const t = useTranslations("deploy");
  const router = useRouter();
  return (
    <ActionForm
      action={action}
      aria-label={t("deployLabel")}
      successMessage={t("deployStarted")}
      resetOnSuccess={false}
      onSuccess={(d) => router.push(`/apps/${d.app.id}?job=${d.jobId}`)}
    >
      <HiddenFields values={{ environmentId }} />
      <TextField
        label={t("appName")}
        name="name"
        required
        autoComplete="off"
        spellCheck={false}
        placeholder={t("appNamePlaceholder")}
        fieldClassName="max-w-sm"
        hint={t("appNameHint")}
      />
      <ComposeEditor
        environmentId={environmentId}
        placeholder={SAMPLE_COMPOSE}
        ignore={(p) => p === "name" || p === "environmentId" || p === "remapPorts" || isVariablesPath(p)}
      />
      <VariablesField hint={t("variablesHint")} />
      <CheckboxField label={t("remapPorts")} name="remapPorts" value="true" hint={t("remapPortsHint")} />
      <div className="flex flex-wrap items-center justify-end gap-4">
        <PendingNote>{t("checkingAndLeasing")}</PendingNote>
        <SubmitButton>{t("deploy")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
