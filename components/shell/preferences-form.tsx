"use client";
// Language and time zone of the signed-in user. Empty = follow the browser (Accept-Language, the
// zone the browser reports).
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { ActionForm, SelectField, SubmitButton } from "@/components/ui";
import { updatePreferencesAction } from "@/app/(portal)/settings/preferences/actions";

const NATIVE_NAMES: Record<string, string> = { "zh-CN": "简体中文", en: "English" };

/** `zones` come from the server (one list for server and browser render: no hydration mismatch). */
export function PreferencesForm({ locale, timeZone, zones }: { locale: string; timeZone: string; zones: string[] }) {
  const t = useTranslations("preferences");
  const router = useRouter();
  return (
    <ActionForm
      action={updatePreferencesAction}
      successMessage={t("saved")}
      resetOnSuccess={false}
      onSuccess={() => router.refresh()}
      aria-label={t("title")}
      className="grid max-w-xl gap-4"
    >
      <SelectField label={t("language")} name="locale" defaultValue={locale} hint={t("languageHint")}>
        <option value="">{t("fromBrowser")}</option>
        {Object.entries(NATIVE_NAMES).map(([value, label]) => (
          <option key={value} value={value} lang={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("timeZone")} name="timeZone" defaultValue={timeZone} hint={t("timeZoneHint")}>
        <option value="">{t("fromBrowser")}</option>
        {zones.map((z) => (
          // An IANA identifier, the same in every language.
          <option key={z} value={z} translate="no">
            {z}
          </option>
        ))}
      </SelectField>
      <div>
        <SubmitButton>{t("save")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
