import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { sessionActor } from "@/lib/auth";
import { needsSetup } from "@/lib/users";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { safeCallbackUrl } from "@/app/_lib/page-actor";
import { listSignInMethods } from "@/lib/identity/oidc";

export const generateMetadata = pageTitle("signIn");

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection(); // per request: depends on the database and the session
  if (await needsSetup()) redirect("/setup");
  if (await sessionActor()) redirect("/");
  const sp = await searchParams;
  const t = await getTranslations("login");
  return (
    <AuthCard title={t("title")} description={t("description")}>
      <LoginForm
        callbackUrl={safeCallbackUrl(sp.callbackUrl)}
        providers={await listSignInMethods()}
        initialError={typeof sp.error === "string" ? sp.error : undefined}
      />
    </AuthCard>
  );
}
