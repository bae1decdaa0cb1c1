import { useTranslations } from "next-intl";
import { ButtonLink, EmptyState } from "@/components/ui";

export default function NotFound() {
  const t = useTranslations("notFound");
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-16">
      <h1 className="mb-4 text-2xl font-semibold">{t("title")}</h1>
      <EmptyState title={t("body")} action={<ButtonLink href="/">{t("toDashboard")}</ButtonLink>}>
        {t("hint")}
      </EmptyState>
    </main>
  );
}
