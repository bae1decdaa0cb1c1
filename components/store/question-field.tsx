"use client";
// One generated form control per question type; its name is `answers.<variable>`, so the server's
// error for that question (path `answers.<variable>`) shows right under it.
import { useTranslations } from "next-intl";
import { CheckboxField, SelectField, TextField, TextareaField } from "@/components/ui";
import type { Question } from "@/lib/templates";

export function QuestionField({ q, value, onChange }: { q: Question; value?: string; onChange?: (v: string) => void }) {
  const t = useTranslations("deployForm");
  const name = `answers.${q.variable}`;
  const label = `${q.label}${q.required ? " *" : ""}`;
  const hint = [q.description, q.type === "int" && (q.min !== undefined || q.max !== undefined) ? t("range", { min: q.min ?? "…", max: q.max ?? "…" }) : ""]
    .filter(Boolean)
    .join(" · ");
  const dflt = value ?? (q.default === undefined ? "" : String(q.default));
  const change = (v: string) => onChange?.(v);
  switch (q.type) {
    case "boolean":
      return (
        <>
          <input type="hidden" name={name} value="false" />
          <CheckboxField
            label={label}
            hint={hint || undefined}
            name={name}
            value="true"
            defaultChecked={dflt === "true"}
            onChange={(e) => change(String(e.target.checked))}
          />
        </>
      );
    case "enum":
      return (
        <SelectField label={label} hint={hint || undefined} name={name} defaultValue={dflt} onChange={(e) => change(e.target.value)}>
          {!q.required && <option value="">—</option>}
          {(q.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </SelectField>
      );
    case "multiline":
      return <TextareaField label={label} hint={hint || undefined} name={name} defaultValue={dflt} rows={3} onChange={(e) => change(e.target.value)} />;
    case "password":
      return (
        <TextField
          label={label}
          hint={hint || t("passwordHint")}
          name={name}
          type="password"
          autoComplete="new-password"
          onChange={(e) => change(e.target.value)}
        />
      );
    case "int":
      return <TextField label={label} hint={hint || undefined} name={name} inputMode="numeric" defaultValue={dflt} onChange={(e) => change(e.target.value)} />;
    default:
      return (
        <TextField
          label={label}
          hint={hint || (q.type === "service" ? t("serviceHint") : q.type === "certificate" || q.type === "secret" ? t("secretHint") : undefined)}
          name={name}
          defaultValue={dflt}
          onChange={(e) => change(e.target.value)}
        />
      );
  }
}

/** Questions grouped by `group`, those hidden by `showIf` left out. */
export function visibleQuestions(questions: Question[], values: Record<string, string>): Question[] {
  return questions.filter((q) =>
    (q.showIf ?? "")
      .split("&&")
      .filter((p) => p.trim())
      .every((part) => {
        const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(!?=)\s*(.*?)\s*$/.exec(part);
        if (!m) return true;
        const equal = (values[m[1]] ?? "") === m[3];
        return m[2] === "=" ? equal : !equal;
      }),
  );
}

/** The compose text with the answers put in (a preview: passwords shown as ***). */
export function applyAnswers(compose: string, questions: Question[], values: Record<string, string>, registry: string): string {
  const byName = new Map(questions.map((q) => [q.variable, q]));
  return compose.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (all, v: string | undefined, op: string | undefined, alt: string | undefined) => {
      if (!v) return all;
      if (v === "CAAS_REGISTRY") return registry;
      const q = byName.get(v);
      if (q?.type === "password") return "***";
      const val = values[v] ?? (q?.default === undefined ? "" : String(q.default));
      return val === "" && op?.includes("-") ? (alt ?? "") : val;
    },
  );
}
