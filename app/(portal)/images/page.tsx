import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { requestPreferences } from "@/lib/i18n/request-preferences";
import { localizeStoredText } from "@/lib/i18n/stored-text";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, Card, EmptyState, PageHeader } from "@/components/ui";
import { ImageTable } from "@/components/images/image-table";
import { CopyButton } from "@/components/images/copy-button";
import { ImportOfficialForm } from "@/components/images/import-official-form";
import { getRegistryInfo, listImages, listPublishRequests, type ImageDto } from "@/lib/images";
import { publishStates } from "@/components/images/image-labels";
import { can } from "@/lib/policy";
import { deleteImageAction, publishImageAction } from "./actions";

export const generateMetadata = pageTitle("images");

const SCOPES = ["personal", "tenant", "official", "market"] as const;

export default async function ImagesPage() {
  const actor = await pageActor();
  const t = await getTranslations("images");
  const tw = await getTranslations("registryWarning");
  const { locale } = await requestPreferences();
  const [images, registry, requests] = await Promise.all([listImages({ actor }), getRegistryInfo({ actor }), listPublishRequests({ actor })]);
  // Personal repositories are the viewer's own: named by their email, not their id.
  const people = new Map([[actor.userId, actor.email]]);
  const publishState = publishStates(images, requests);
  const mayDelete = (i: ImageDto) =>
    i.scope === "personal" ? i.ownerId === actor.userId : i.scope === "tenant" ? can(actor, "image.delete", { tenantId: i.tenantId }) : actor.platformAdmin;
  const mayPublish = (i: ImageDto) =>
    i.scope === "personal" ? i.ownerId === actor.userId : i.scope === "tenant" && can(actor, "image.publish", { tenantId: i.tenantId });
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Card title={t("registry")} description={t("registryDescription")}>
          <div className="flex flex-wrap items-center gap-2 font-mono text-sm">
            <span data-testid="registry-url">{registry.url}</span>
            <CopyButton text={registry.login} label={t("copyLogin")} />
            <span className="text-zinc-500">{t("personalNamespace", { path: `${registry.url}/${registry.personalNamespace}/<name>` })}</span>
          </div>
          {registry.warnings && (
            <p data-testid="registry-pull-address" className="mt-3 text-sm text-zinc-600">
              {tw("pullAddress", { address: registry.pullAddress })}
            </p>
          )}
          {registry.warnings?.map((w) => (
            <p
              key={w.code}
              role="alert"
              data-testid="registry-warning"
              data-code={w.code}
              className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
            >
              {localizeStoredText(locale, w)}
            </p>
          ))}
        </Card>
        {actor.platformAdmin && (
          <Card title={t("importTitle")} description={t("importDescription")}>
            <ImportOfficialForm />
          </Card>
        )}
        {images.length === 0 ? (
          <EmptyState title={t("emptyTitle")} action={<ButtonLink href="/settings/tokens">{t("createToken")}</ButtonLink>}>
            {t("emptyBody")}
          </EmptyState>
        ) : (
          SCOPES.map((s) => {
            const rows = images.filter((i) => i.scope === s);
            if (rows.length === 0) return null;
            return (
              <section key={s} aria-label={t("scopeImages", { scope: t(`scopes.${s}.title`) })} className="space-y-2">
                <h2 className="text-lg font-semibold">{t(`scopes.${s}.title`)}</h2>
                <p className="text-sm text-zinc-500">{t(`scopes.${s}.description`)}</p>
                <ImageTable
                  caption={t("scopeImages", { scope: t(`scopes.${s}.title`) })}
                  images={rows}
                  deleteAction={deleteImageAction}
                  publishAction={publishImageAction}
                  canDelete={mayDelete}
                  canPublish={mayPublish}
                  people={people}
                  publishState={publishState}
                  regions={(registry.regions?.length ?? 0) > 1}
                />
              </section>
            );
          })
        )}
      </div>
    </>
  );
}
