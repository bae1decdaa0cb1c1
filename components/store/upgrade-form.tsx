"use client";
// Upgrade an app to another version of its template: the questions of the target version with the
// current answers filled in (password answers are kept unless a new one is typed).
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { ActionForm, HiddenFields, SubmitButton, type FormAction } from "@/components/ui";
import type { Question } from "@/lib/templates";
import { QuestionGroups } from "./deploy-form";

export function UpgradeForm({
  appId,
  version,
  questions,
  answers,
  action,
}: {
  appId: string;
  version: string;
  questions: Question[];
  answers: Record<string, string>;
  action: FormAction<{ appId: string; jobId: string }>;
}) {
  const t = useTranslations("appUpgrade");
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(answers);
  return (
    <ActionForm
      action={action}
      aria-label={t("formAria", { version })}
      successMessage={t("upgrading")}
      resetOnSuccess={false}
      onSuccess={(d) => router.push(`/apps/${d.appId}?job=${d.jobId}`)}
      className="grid grid-cols-1 gap-3 md:grid-cols-2"
    >
      <HiddenFields values={{ appId, version }} />
      <QuestionGroups questions={questions} values={values} onChange={(k, v) => setValues((s) => ({ ...s, [k]: v }))} />
      <div className="col-span-full">
        <SubmitButton>{t("upgrade", { version })}</SubmitButton>
      </div>
    </ActionForm>
  );
}
