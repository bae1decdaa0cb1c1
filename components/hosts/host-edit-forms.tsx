"use client";
// The host page's owner forms: rename (the portal's name for the host) and the engine node's labels.
import { useTranslations } from "next-intl";
import { ActionForm, HiddenFields, SubmitButton, TextField, TextareaField, type FormAction } from "@/components/ui";
import { labelLines } from "./label-lines";

export function HostRenameForm({ hostId, name, action }: { hostId: string; name: string; action: FormAction }) {
  const t = useTranslations("hostops.page");
  return (
    <ActionForm action={action} resetOnSuccess={false} successMessage={t("renamed")} aria-label={t("renameTitle")} className="flex flex-wrap items-end gap-2">
      <HiddenFields values={{ hostId }} />
      <TextField label={t("nameLabel")} name="name" defaultValue={name} required maxLength={63} fieldClassName="min-w-56" />
      <SubmitButton variant="secondary">{t("rename")}</SubmitButton>
    </ActionForm>
  );
}

export function HostLabelsForm({ hostId, labels, action }: { hostId: string; labels: Record<string, string>; action: FormAction }) {
  const t = useTranslations("hostops.page");
  return (
    <ActionForm action={action} resetOnSuccess={false} successMessage={t("labelsSaved")} aria-label={t("labelsTitle")}>
      <HiddenFields values={{ hostId }} />
      <TextareaField
        label={t("labelsLabel")}
        hint={t("labelsHint")}
        name="labels"
        defaultValue={labelLines(labels)}
        rows={4}
        className="font-mono text-xs"
        errorKeys={["labels"]}
      />
      <SubmitButton variant="secondary">{t("saveLabels")}</SubmitButton>
    </ActionForm>
  );
}
