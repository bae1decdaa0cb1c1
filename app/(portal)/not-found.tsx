import { useTranslations } from "next-intl";
import { ButtonLink, EmptyState, PageHeader } from "@/components/ui";

// Inside the shell, so navigation stays available. "Missing" and "not yours" look the same here,
// as they do in the API.
export default function PortalNotFound() {
  const t = useTranslations("notFound");
  return (
    <>
      <PageHeader title={t("title")} />
      <EmptyState title={t("body")} action={<ButtonLink href="/">{t("toDashboard")}</ButtonLink>}>
        {t("hint")}
      </EmptyState>
    </>
  );
}
