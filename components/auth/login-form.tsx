"use client";
// Credentials sign-in through next-auth. Two races are handled here (toolchain notes 11 and 12):
// - Submitting before hydration posts the form natively: method="post" keeps the password out of
//   the URL and the button stays disabled until hydrated.
// - SessionProvider's first /api/auth/session call and signIn()'s csrf call can each mint a csrf
//   cookie; the POST then fails with `?csrf=true` in res.url while res.ok is true. We wait until the
//   session status has settled (data-ready="true") and treat a csrf URL as a failure.
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn, useSession } from "next-auth/react";
import { Button, TextField } from "@/components/ui";
import { useHydrated } from "@/components/ui/form-context";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("login");
  const router = useRouter();
  const { status } = useSession();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const ready = hydrated && status !== "loading";

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!ready || pending) return;
    const fd = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { redirect: false, email: String(fd.get("email") ?? ""), password: String(fd.get("password") ?? "") });
      if (!res || !res.ok || res.error || (res.url ?? "").includes("csrf=true")) {
        setError(t("wrong"));
        setPending(false);
        return;
      }
      router.push(callbackUrl || "/");
      router.refresh();
    } catch {
      setError(t("noAnswer"));
      setPending(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} data-ready={ready ? "true" : "false"} aria-label={t("title")} className="space-y-4">
      {error && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </div>
      )}
      <TextField label={t("email")} name="email" type="email" autoComplete="username" required autoFocus />
      <TextField label={t("password")} name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" variant="primary" className="w-full" disabled={!ready} loading={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
