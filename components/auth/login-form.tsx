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

/** next-auth's error strings: the refusal reasons of lib/identity/authenticate.ts, and its own. */
const REASONS = [
  "wrong",
  "throttled",
  "locked",
  "otp-required",
  "otp-wrong",
  "directory-down",
  "refused",
  "OAuthSignin",
  "OAuthCallback",
  "AccessDenied",
] as const;
type Reason = (typeof REASONS)[number];

export function LoginForm({
  callbackUrl,
  providers = [],
  initialError,
}: {
  callbackUrl: string;
  providers?: { id: string; name: string }[];
  initialError?: string;
}) {
  const t = useTranslations("login");
  const ti = useTranslations("identity.login");
  const [needOtp, setNeedOtp] = useState(false);
  const router = useRouter();
  const { status } = useSession();
  const hydrated = useHydrated();
  const reasonText = (r: string | null | undefined): string => {
    const reason = (REASONS as readonly string[]).includes(r ?? "") ? (r as Reason) : "wrong";
    return reason === "wrong" ? t("wrong") : ti(`errors.${reason}`);
  };
  const [error, setError] = useState<string | null>(initialError ? reasonText(initialError) : null);
  const [pending, setPending] = useState(false);
  const ready = hydrated && status !== "loading";

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!ready || pending) return;
    const fd = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const otp = String(fd.get("otp") ?? "").trim();
      const res = await signIn("credentials", {
        redirect: false,
        email: String(fd.get("email") ?? ""),
        password: String(fd.get("password") ?? ""),
        ...(otp ? { otp } : {}),
      });
      if (!res || !res.ok || res.error || (res.url ?? "").includes("csrf=true")) {
        if (res?.error === "otp-required" || res?.error === "otp-wrong") setNeedOtp(true);
        setError(reasonText(res?.error));
        setPending(false);
        return;
      }
      // A reset password or a required second factor not set up yet: the profile page first.
      const sec = await fetch("/api/v1/me/security", { headers: { accept: "application/json" } }).then(
        (r) => (r.ok ? r.json() : null),
        () => null,
      );
      router.push(sec?.mustChangePassword || sec?.twoFactorRequired ? "/profile" : callbackUrl || "/");
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
      {/* text, not email: directory (LDAP/AD) users sign in with their user name */}
      <TextField label={ti("loginLabel")} name="email" type="text" autoComplete="username" required autoFocus />
      <TextField label={t("password")} name="password" type="password" autoComplete="current-password" required />
      {needOtp && (
        <TextField label={ti("otpLabel")} name="otp" type="text" autoComplete="one-time-code" inputMode="text" hint={ti("otpHint")} required autoFocus />
      )}
      <Button type="submit" variant="primary" className="w-full" disabled={!ready} loading={pending}>
        {t("submit")}
      </Button>
      {providers.length > 0 && (
        <div className="space-y-2 border-t border-gray-200 pt-4" aria-label={ti("ssoTitle")}>
          {providers.map((p) => (
            <Button
              key={p.id}
              type="button"
              variant="secondary"
              className="w-full"
              disabled={!ready}
              onClick={() => void signIn(`oidc-${p.id}`, { callbackUrl: callbackUrl || "/" })}
            >
              {ti("ssoButton", { name: p.name })}
            </Button>
          ))}
        </div>
      )}
    </form>
  );
}
