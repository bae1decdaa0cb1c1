"use client";
// "Deploy to my environment" from a marketplace card. After the deploy starts it links to the new
// app's page, where its progress shows (issue 11 item 6: the toast said "see Apps" and left the
// user to find it).
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm, HiddenFields, SelectField, SubmitButton, TextField, type FormAction } from "@/components/ui";

export interface DeployedApp {
  appId: string;
  jobId: string;
}

export function MarketDeployForm({
  imageId,
  repository,
  suggested,
  environments,
  deployAction,
}: {
  imageId: string;
  repository: string;
  suggested: string;
  environments: { id: string; name: string }[];
  deployAction: FormAction<DeployedApp>;
}) {
  const t = useTranslations("marketCard");
  const tf = useTranslations("consolefix.market");
  const [deployed, setDeployed] = useState<(DeployedApp & { name: string }) | null>(null);
  const [name, setName] = useState(suggested);
  return (
    <div className="space-y-2">
      <ActionForm
        action={deployAction}
        successMessage={t("deploying")}
        resetOnSuccess={false}
        onSuccess={(d) => setDeployed({ ...d, name })}
        aria-label={t("deployAria", { repository })}
        className="grid grid-cols-1 gap-2 md:grid-cols-3"
      >
        <HiddenFields values={{ imageId }} />
        <SelectField label={t("environment")} name="environmentId" required>
          {environments.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t("appName")} name="name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <div className="self-end">
          <SubmitButton>{t("deploy")}</SubmitButton>
        </div>
      </ActionForm>
      {deployed && (
        <p role="status" data-testid="market-deployed" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {tf("deployed", { name: deployed.name })}{" "}
          <Link href={`/apps/${deployed.appId}?job=${deployed.jobId}`} className="font-medium underline">
            {tf("openApp", { name: deployed.name })}
          </Link>
        </p>
      )}
    </div>
  );
}
