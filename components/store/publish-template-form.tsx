"use client";
// Ask a platform admin to publish one version of a tenant or personal template to the market.
import { useTranslations } from "next-intl";
import { ActionForm, HiddenFields, SelectField, SubmitButton, TextField, type FormAction } from "@/components/ui";

export function PublishTemplateForm({ templateId, versions, action }: { templateId: string; versions: string[]; action: FormAction }) {
  const t = useTranslations("publishTemplate");
  return (
    <ActionForm action={action} aria-label={t("label")} successMessage={t("sent")} className="grid grid-cols-1 gap-3 md:grid-cols-3">
      <HiddenFields values={{ templateId }} />
      <SelectField label={t("version")} name="version" defaultValue={versions.at(-1)}>
        {versions.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </SelectField>
      <TextField label={t("description")} name="description" required maxLength={2000} />
      <div className="self-end">
        <SubmitButton>{t("publish")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
