// The frame of a service's sub-pages (logs, stats): breadcrumb to app and service, title, one card.
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, PageHeader } from "@/components/ui";

export function ServiceSubpage({
  svc,
  label,
  description,
  children,
}: {
  svc: { id: string; name: string; appId: string; appName: string };
  label: string;
  description: string;
  children: ReactNode;
}) {
  const t = useTranslations("service");
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href={`/apps/${svc.appId}`} className="hover:underline">
              {svc.appName}
            </Link>{" "}
            /{" "}
            <Link href={`/services/${svc.id}`} className="hover:underline">
              {svc.name}
            </Link>{" "}
            / {label}
          </>
        }
        title={t("subpageTitle", { label, name: svc.name })}
        description={description}
      />
      <Card>{children}</Card>
    </>
  );
}
