import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { needsSetup } from "@/lib/users";
import { AuthCard } from "@/components/auth/auth-card";
import { ActionForm, SubmitButton, TextField } from "@/components/ui";
import { setupFirstAdminAction } from "./actions";

export const metadata: Metadata = { title: "First setup" };

/** Shown only while the portal has no user at all; afterwards it is just the way to /login. */
export default async function SetupPage() {
  await connection(); // per request: depends on the database and the session
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthCard title="Create the first administrator" description="This page works once: the account you create here becomes the first platform administrator.">
      <ActionForm action={setupFirstAdminAction} successMessage="Administrator created. Sign in with it." redirectTo="/login" aria-label="Create administrator">
        <TextField label="Name" name="name" autoComplete="name" hint="Optional; defaults to the part of the email before @." />
        <TextField label="Email" name="email" type="email" autoComplete="username" required />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required minLength={8} hint="At least 8 characters." />
        <SubmitButton className="w-full">Create administrator</SubmitButton>
      </ActionForm>
    </AuthCard>
  );
}
