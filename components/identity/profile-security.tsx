"use client";
// The profile page's security sections (issue 14): own password, two-factor set-up with a QR code
// and recovery codes shown once, browser sessions with "sign out everywhere". Talks to /api/v1/me/*.
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, Card, TextField } from "@/components/ui";
import { apiHeaders } from "@/components/live/fetch-json";

export interface ProfileSecurityProps {
  hasLocalPassword: boolean;
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
  twoFactorRequired: boolean;
  recoveryCodesLeft: number;
  sessions: { id: string; userAgent: string; lastSeenAt: string; current: boolean }[];
}

type Answer = { error?: { message?: string }; recoveryCodes?: string[]; secret?: string; qrCode?: string } | null;

async function call(method: string, url: string, body?: unknown): Promise<{ ok: boolean; body: Answer }> {
  const r = await fetch(url, {
    method,
    headers: apiHeaders(body === undefined ? {} : { "content-type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { ok: r.ok, body: text ? JSON.parse(text) : null };
}

function Alert({ kind, children }: { kind: "error" | "ok"; children: React.ReactNode }) {
  return (
    <div
      role={kind === "error" ? "alert" : "status"}
      className={
        kind === "error"
          ? "rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
          : "rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900"
      }
    >
      {children}
    </div>
  );
}

export function ProfileSecurity(props: ProfileSecurityProps) {
  const t = useTranslations("identity.profile");
  const [msg, setMsg] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [enrol, setEnrol] = useState<{ secret: string; qrCode: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [twoFactor, setTwoFactor] = useState(props.twoFactorEnabled);
  const [busy, setBusy] = useState(false);

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setMsg(null);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  }

  const fail = (b: Answer) => setMsg({ kind: "error", text: b?.error?.message ?? t("failed") });

  function onPassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const form = e.currentTarget;
    void run(async () => {
      const r = await call("POST", "/api/v1/me/password", { currentPassword: fd.get("currentPassword"), newPassword: fd.get("newPassword") });
      if (!r.ok) return fail(r.body);
      form.reset();
      setMsg({ kind: "ok", text: t("passwordChanged") });
    });
  }

  function onConfirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "");
    void run(async () => {
      const r = await call("POST", "/api/v1/me/2fa/confirm", { code });
      if (!r.ok) return fail(r.body);
      setCodes(r.body?.recoveryCodes ?? []);
      setEnrol(null);
      setTwoFactor(true);
    });
  }

  function onDisable(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    void run(async () => {
      const r = await call("DELETE", "/api/v1/me/2fa", { password: fd.get("password"), code: fd.get("code") });
      if (!r.ok) return fail(r.body);
      setTwoFactor(false);
      setCodes(null);
      setMsg({ kind: "ok", text: t("twoFactorOff") });
    });
  }

  return (
    <div className="space-y-6">
      {msg && <Alert kind={msg.kind}>{msg.text}</Alert>}
      {props.mustChangePassword && <Alert kind="error">{t("mustChange")}</Alert>}
      {props.twoFactorRequired && !twoFactor && <Alert kind="error">{t("twoFactorRequired")}</Alert>}

      {props.hasLocalPassword ? (
        <Card title={t("passwordTitle")}>
          <form onSubmit={onPassword} className="max-w-md space-y-3" aria-label={t("passwordTitle")}>
            <TextField label={t("currentPassword")} name="currentPassword" type="password" autoComplete="current-password" required />
            <TextField label={t("newPassword")} name="newPassword" type="password" autoComplete="new-password" hint={t("newPasswordHint")} required />
            <Button type="submit" variant="primary" loading={busy}>
              {t("changePassword")}
            </Button>
          </form>
        </Card>
      ) : (
        <Card title={t("passwordTitle")}>
          <p className="text-sm text-zinc-600">{t("directoryAccount")}</p>
        </Card>
      )}

      {props.hasLocalPassword && (
        <Card title={t("twoFactorTitle")}>
          {codes && (
            <div className="mb-4 space-y-2">
              <Alert kind="ok">{t("recoveryShownOnce")}</Alert>
              <ul aria-label={t("recoveryCodes")} className="grid grid-cols-2 gap-1 font-mono text-sm">
                {codes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </div>
          )}
          {twoFactor ? (
            <form onSubmit={onDisable} className="max-w-md space-y-3" aria-label={t("disable")}>
              <p className="text-sm">{t("twoFactorOn")}</p>
              <TextField label={t("currentPassword")} name="password" type="password" autoComplete="current-password" required />
              <TextField label={t("code")} name="code" type="text" autoComplete="one-time-code" required />
              <Button type="submit" variant="danger" loading={busy}>
                {t("disable")}
              </Button>
            </form>
          ) : enrol ? (
            <form onSubmit={onConfirm} className="max-w-md space-y-3" aria-label={t("confirm")}>
              <p className="text-sm">{t("scan")}</p>
              <img src={enrol.qrCode} alt={t("qrAlt")} width={220} height={220} />
              <p className="text-sm">
                {t("manualKey")}{" "}
                <code data-testid="totp-secret" className="font-mono break-all">
                  {enrol.secret}
                </code>
              </p>
              <TextField label={t("code")} name="code" type="text" inputMode="numeric" autoComplete="one-time-code" required />
              <Button type="submit" variant="primary" loading={busy}>
                {t("confirm")}
              </Button>
            </form>
          ) : (
            <div className="space-y-3">
              <p className="text-sm">{t("twoFactorOffText")}</p>
              <Button
                variant="primary"
                loading={busy}
                onClick={() =>
                  void run(async () => {
                    const r = await call("POST", "/api/v1/me/2fa");
                    if (!r.ok) return fail(r.body);
                    setEnrol({ secret: r.body?.secret ?? "", qrCode: r.body?.qrCode ?? "" });
                  })
                }
              >
                {t("setUp")}
              </Button>
            </div>
          )}
        </Card>
      )}

      <Card title={t("sessionsTitle")}>
        <ul className="mb-3 space-y-1 text-sm">
          {props.sessions.map((s) => (
            <li key={s.id}>
              {s.userAgent || t("unknownBrowser")} · {new Date(s.lastSeenAt).toLocaleString()} {s.current && <strong>({t("thisSession")})</strong>}
            </li>
          ))}
        </ul>
        <Button
          variant="danger"
          loading={busy}
          onClick={() =>
            void run(async () => {
              const r = await call("DELETE", "/api/v1/me/sessions");
              if (!r.ok) return fail(r.body);
              window.location.href = "/login";
            })
          }
        >
          {t("signOutEverywhere")}
        </Button>
      </Card>

      <Card title={t("tokensTitle")}>
        <a className="text-sm text-blue-700 underline" href="/settings/tokens">
          {t("tokensLink")}
        </a>
      </Card>
    </div>
  );
}
