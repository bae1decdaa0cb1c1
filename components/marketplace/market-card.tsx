import { useTranslations } from "next-intl";
import { Badge, Card, formatBytes, Time } from "@/components/ui";
import type { FormAction } from "@/components/ui";
import type { ImageDto } from "@/lib/images";
import { CopyButton } from "@/components/images/copy-button";
import { MarketDeployForm, type DeployedApp } from "./market-deploy-form";

/** One marketplace image: details, the pinned digest, and "deploy to my environment". */
export function MarketCard({
  image,
  environments,
  deployAction,
}: {
  image: ImageDto;
  environments: { id: string; name: string }[];
  deployAction: FormAction<DeployedApp>;
}) {
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
          <MarketDeployForm imageId={image.id} repository={image.repository} suggested={suggested} environments={environments} deployAction={deployAction} />
        )}
      </div>
    </Card>
  );
}
