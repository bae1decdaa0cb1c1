// On an app's page: the template it was deployed from, its running version and "upgrade available"
// with a link to the upgrade page; for any other app, "save as template". Loads its own data.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ActionForm, Badge, Card, HiddenFields, SelectField, SubmitButton, TextField, type FormAction } from "@/components/ui";
import { getAppTemplate, type AppTemplateStatus } from "@/lib/templates";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";

export async function AppTemplatePanel({ actor, appId, canDeploy, saveAction }: { actor: Actor; appId: string; canDeploy: boolean; saveAction: FormAction }) {
  const t = await getTranslations("appTemplate");
  let status: AppTemplateStatus | null = null;
  try {
    status = await getAppTemplate({ actor, appId });
  } catch (e) {
    if (!isAppError(e) || (e.code !== "VALIDATION" && e.code !== "NOT_FOUND")) throw e;
  }
  if (status)
    return (
      <Card title={t("title")}>
        <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="app-template">
          <Link href={`/templates/${status.template.id}`} className="font-medium hover:underline">
            {status.template.name}
          </Link>
          <span>{t("version", { version: status.runningVersion ?? "?" })}</span>
          {status.upgrades.length > 0 && <Badge tone="amber">{t("upgradeAvailable", { version: status.upgrades.at(-1)! })}</Badge>}
          {/* With the version in the URL: the page keeps its form after the upgrade re-renders it. */}
          <Link
            href={`/apps/${appId}/upgrade${status.upgrades.length > 0 ? `?version=${encodeURIComponent(status.upgrades.at(-1)!)}` : ""}`}
            className="text-blue-800 hover:underline"
          >
            {status.upgrades.length > 0 ? t("upgrade") : t("versions")}
          </Link>
        </p>
      </Card>
    );
  if (!canDeploy) return null;
  return (
    <Card title={t("saveTitle")} description={t("saveDescription")}>
      <ActionForm action={saveAction} aria-label={t("saveTitle")} successMessage={t("saved")} className="grid grid-cols-1 gap-3 md:grid-cols-3">
        <HiddenFields values={{ appId }} />
        <TextField label={t("name")} name="name" required maxLength={80} />
        <SelectField label={t("scope")} name="scope" defaultValue="personal">
          <option value="personal">{t("personal")}</option>
          <option value="tenant">{t("tenant")}</option>
        </SelectField>
        <div className="self-end">
          <SubmitButton>{t("save")}</SubmitButton>
        </div>
      </ActionForm>
    </Card>
  );
}
