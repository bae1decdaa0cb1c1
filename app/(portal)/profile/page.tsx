import { getTranslations } from "next-intl/server";
import { pageActor } from "@/app/_lib/page-actor";
import { currentSessionId } from "@/lib/auth";
import { getMySecurity, listMySessions } from "@/lib/users";
import { PageHeader } from "@/components/ui";
import { ProfileSecurity } from "@/components/identity/profile-security";

export default async function ProfilePage() {
  const actor = await pageActor();
  const t = await getTranslations("identity.profile");
  const security = await getMySecurity({ actor });
  const sessions = await listMySessions({ actor, currentSessionId: await currentSessionId() });
  return (
    <>
      <PageHeader title={t("title")} description={actor.email} />
      <ProfileSecurity {...security} sessions={sessions.items} />
    </>
  );
}
