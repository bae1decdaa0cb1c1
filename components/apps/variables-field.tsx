"use client";
// KEY=value lines for ${KEY} in the Compose file. The server reports a bad name by its path
// (`variables.BAD NAME`); those are gathered here so the compose problem list stays about the file.
import { useTranslations } from "next-intl";
import { Field, Textarea } from "@/components/ui";
import { useFormState } from "@/components/ui/form-context";

export const isVariablesPath = (path: string) => path === "variables" || path.startsWith("variables.");

export function VariablesField({ hint }: { hint: string }) {
  const t = useTranslations("deploy");
  const fields = useFormState()?.fields ?? {};
  const errors = Object.entries(fields)
    .filter(([k]) => isVariablesPath(k))
    .map(([k, m]) => (k === "variables" ? m : `${k.slice("variables.".length)}: ${m}`));
  return (
    <Field label={t("variables")} name="variables" hint={hint} error={errors.length ? errors.join("; ") : undefined}>
      <Textarea name="variables" rows={3} spellCheck={false} autoCapitalize="off" className="font-mono text-xs" placeholder={"GREETING=hello\nLOG_LEVEL=info"} />
    </Field>
  );
}
