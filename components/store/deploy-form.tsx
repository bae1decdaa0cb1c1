"use client";
// The generated deploy form of a template: version, environment and app name, one control per
// question (grouped, conditions applied live), inline errors under each question, and the compose
// file with the answers put in. The server validates everything again (lib/templates).
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { ActionForm, HiddenFields, SelectField, SubmitButton, TextField, type FormAction } from "@/components/ui";
import type { Question } from "@/lib/templates";
import { QuestionField, applyAnswers, visibleQuestions } from "./question-field";

export interface DeployVersion {
  version: string;
  compose: string;
  questions: Question[];
}

export function QuestionGroups({
  questions,
  values,
  onChange,
}: {
  questions: Question[];
  values: Record<string, string>;
  onChange: (k: string, v: string) => void;
}) {
  const t = useTranslations("deployForm");
  const shown = visibleQuestions(questions, values);
  const groups = [...new Set(shown.map((q) => q.group ?? ""))];
  return (
    <>
      {groups.map((g) => (
        <fieldset key={g || "-"} className="col-span-full grid grid-cols-1 gap-3 md:grid-cols-2">
          <legend className="mb-1 text-sm font-semibold text-zinc-800">{g || t("questions")}</legend>
          {shown
            .filter((q) => (q.group ?? "") === g)
            .map((q) => (
              <QuestionField key={q.variable} q={q} value={values[q.variable]} onChange={(v) => onChange(q.variable, v)} />
            ))}
        </fieldset>
      ))}
    </>
  );
}

export function DeployForm({
  templateId,
  versions,
  environments,
  registry,
  action,
}: {
  templateId: string;
  versions: DeployVersion[];
  environments: { id: string; name: string }[];
  registry: string;
  action: FormAction<{ appId: string; jobId: string }>;
}) {
  const t = useTranslations("deployForm");
  const router = useRouter();
  const [version, setVersion] = useState(versions.at(-1)?.version ?? "");
  const [values, setValues] = useState<Record<string, string>>({});
  const v = versions.find((x) => x.version === version) ?? versions.at(-1);
  if (!v) return null;
  return (
    <ActionForm
      action={action}
      aria-label={t("aria")}
      successMessage={t("deploying")}
      resetOnSuccess={false}
      onSuccess={(d) => router.push(`/apps/${d.appId}?job=${d.jobId}`)}
      className="grid grid-cols-1 gap-3 md:grid-cols-3"
    >
      <HiddenFields values={{ templateId }} />
      <SelectField label={t("version")} name="version" value={version} onChange={(e) => setVersion(e.target.value)}>
        {versions.map((x) => (
          <option key={x.version} value={x.version}>
            {x.version}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("environment")} name="environmentId" required errorKeys={["environmentId"]}>
        {environments.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
      </SelectField>
      <TextField label={t("appName")} name="name" required pattern="[a-z0-9][a-z0-9-]*" maxLength={40} />
      <QuestionGroups key={v.version} questions={v.questions} values={values} onChange={(k, val) => setValues((s) => ({ ...s, [k]: val }))} />
      <details className="col-span-full">
        <summary className="cursor-pointer text-sm font-medium">{t("preview")}</summary>
        <pre aria-label={t("preview")} className="mt-2 max-h-96 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs">
          {applyAnswers(v.compose, v.questions, values, registry)}
        </pre>
      </details>
      <div className="col-span-full">
        <SubmitButton>{t("deploy")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
