import { useTranslations } from "next-intl";
import { EmptyState, PageHeader } from "@/components/ui";

/** What a non-admin sees on an admin page (the use-cases refuse them anyway). */
export function AdminOnly({ title }: { title: string }) {
  const t = useTranslations("shell");
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title={t("adminOnlyTitle")}>{t("adminOnlyBody")}</EmptyState>
    </>
  );
}
