import { useTranslations } from "next-intl";
import { ActionForm, Badge, Card, HiddenFields, SelectField, SubmitButton, TextField, formatBytes, Time } from "@/components/ui";
import type { FormAction } from "@/components/ui";
import type { ImageDto } from "@/lib/images";
import { CopyButton } from "@/components/images/copy-button";

/** One marketplace image: details, the pinned digest, and "deploy to my environment". */
export function MarketCard({ image, environments, deployAction }: { image: ImageDto; environments: { id: string; name: string }[]; deployAction: FormAction }) {
  const t = useTranslations("marketCard");
  const suggested = image.repository
    .slice(image.repository.lastIndexOf("/") + 1)
    .replace(/[^a-z0-9-]/g, "-")
    .slice(0, 40);
  return (
    <Card title={`${image.repository}:${image.tag}`} description={image.description || undefined}>
      <div className="space-y-3 text-sm" data-testid={`market-${image.repository}`}>
        <div className="flex flex-wrap gap-2">
          <Badge tone={image.scope === "official" ? "blue" : "violet"}>{t(`scope.${image.scope === "official" ? "official" : "market"}`)}</Badge>
          <span>{formatBytes(image.sizeBytes)}</span>
          <span className="text-zinc-500">
            {t("published")} <Time value={image.pushedAt} />
            {image.pushedBy ? ` · ${t("askedBy", { email: image.pushedBy.email })}` : ""}
          </span>
        </div>
        <div className="font-mono text-xs break-all">{image.pinnedReference}</div>
        <CopyButton text={image.pullCommand} label={t("copyPull")} />
        {environments.length > 0 && (
          <ActionForm
            action={deployAction}
            successMessage={t("deploying")}
            aria-label={t("deployAria", { repository: image.repository })}
            className="grid grid-cols-1 gap-2 md:grid-cols-3"
          >
            <HiddenFields values={{ imageId: image.id }} />
            <SelectField label={t("environment")} name="environmentId" required>
              {environments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </SelectField>
            <TextField label={t("appName")} name="name" required defaultValue={suggested} />
            <div className="self-end">
              <SubmitButton>{t("deploy")}</SubmitButton>
            </div>
          </ActionForm>
        )}
      </div>
    </Card>
  );
}
