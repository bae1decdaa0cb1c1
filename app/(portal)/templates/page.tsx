import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, EmptyState, PageHeader } from "@/components/ui";

export const generateMetadata = pageTitle("templates");

export default async function TemplatesPage() {
  await pageActor();
  const t = await getTranslations("templates");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <EmptyState title={t("emptyTitle")} action={<ButtonLink href="/marketplace">{t("browseMarketplace")}</ButtonLink>}>
        {t("emptyBody")}
      </EmptyState>
    </>
  );
}
