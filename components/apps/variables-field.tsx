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
    // Each message names the variable itself ("变量 BAD NAME：…"): no second prefix.
    .map(([, m]) => m);
  return (
    <Field label={t("variables")} name="variables" hint={hint} error={errors.length ? errors.join("\n") : undefined}>
      <Textarea
        name="variables"
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        className="font-mono text-xs"
        placeholder={"GREETING=hello\nLOG_LEVEL=info"}
      />
    </Field>
  );
}
