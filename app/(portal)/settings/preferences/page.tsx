import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { pageActor } from "@/app/_lib/page-actor";
import { getMyPreferences } from "@/lib/users";
import { Card, PageHeader } from "@/components/ui";
import { PreferencesForm } from "@/components/shell/preferences-form";

export const generateMetadata = pageTitle("preferences");

function zones(current: string | null): string[] {
  const all = Intl.supportedValuesOf("timeZone");
  return !current || all.includes(current) ? all : [current, ...all];
}

export default async function PreferencesPage() {
  const actor = await pageActor();
  const [t, prefs] = await Promise.all([getTranslations("preferences"), getMyPreferences({ actor })]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        <PreferencesForm locale={prefs.locale ?? ""} timeZone={prefs.timeZone ?? ""} zones={zones(prefs.timeZone)} />
      </Card>
    </>
  );
}
