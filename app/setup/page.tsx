import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { needsSetup } from "@/lib/users";
import { AuthCard } from "@/components/auth/auth-card";
import { ActionForm, SubmitButton, TextField } from "@/components/ui";
import { setupFirstAdminAction } from "./actions";

export const generateMetadata = pageTitle("setup");

/** Shown only while the portal has no user at all; afterwards it is just the way to /login. */
export default async function SetupPage() {
  await connection(); // per request: depends on the database and the session
  if (!(await needsSetup())) redirect("/login");
  const t = await getTranslations("setup");
  return (
    <AuthCard title={t("title")} description={t("description")}>
      <ActionForm action={setupFirstAdminAction} successMessage={t("created")} redirectTo="/login" aria-label={t("submit")}>
        <TextField label={t("name")} name="name" autoComplete="name" hint={t("nameHint")} />
        <TextField label={t("email")} name="email" type="email" autoComplete="username" required />
        <TextField label={t("password")} name="password" type="password" autoComplete="new-password" required minLength={8} hint={t("passwordHint")} />
        <SubmitButton className="w-full">{t("submit")}</SubmitButton>
      </ActionForm>
    </AuthCard>
  );
}
