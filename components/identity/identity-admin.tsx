"use client";
// The admin identity page's interactive parts (issue 14): add a provider (settings as JSON, the
// secret write-only), test connection with each step's result, sync now, add and remove group
// mappings. Talks to /api/v1/identity-providers and /api/v1/group-mappings.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Card, TextField } from "@/components/ui";
import { apiHeaders } from "@/components/live/fetch-json";

type Answer = { error?: { message?: string }; ok?: boolean; steps?: { step: string; ok: boolean; message: string }[]; message?: string } | null;

async function call(method: string, url: string, body?: unknown): Promise<{ ok: boolean; body: Answer }> {
  const r = await fetch(url, {
    method,
    headers: apiHeaders(body === undefined ? {} : { "content-type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { ok: r.ok, body: text ? (JSON.parse(text) as Answer) : null };
}

export function ProviderActions({ providerId, kind }: { providerId: string; kind: string }) {
  const t = useTranslations("identity.admin");
  const router = useRouter();
  const [out, setOut] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  async function test(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const username = String(new FormData(e.currentTarget).get("username") ?? "").trim();
    setBusy(true);
    const r = await call("POST", `/api/v1/identity-providers/${providerId}/test`, username ? { username } : {});
    setBusy(false);
    setOut(r.ok ? (r.body?.steps ?? []).map((s) => `${s.ok ? "✓" : "✗"} ${s.message}`) : [r.body?.error?.message ?? t("failed")]);
  }
  async function sync() {
    setBusy(true);
    const r = await call("POST", `/api/v1/identity-providers/${providerId}/sync`);
    setBusy(false);
    setOut([r.ok ? (r.body?.message ?? "") : (r.body?.error?.message ?? t("failed"))]);
    router.refresh();
  }
  return (
    <div className="space-y-2">
      <form onSubmit={test} className="flex flex-wrap items-end gap-2" aria-label={t("test")}>
        {kind === "ldap" && <TextField label={t("testUser")} name="username" />}
        <Button type="submit" loading={busy}>
          {t("test")}
        </Button>
        {kind === "ldap" && (
          <Button onClick={() => void sync()} loading={busy}>
            {t("sync")}
          </Button>
        )}
      </form>
      {out && (
        <ul role="status" className="space-y-1 text-sm">
          {out.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function AddProviderForm() {
  const t = useTranslations("identity.admin");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const kind = String(fd.get("kind"));
    let settings: unknown;
    try {
      settings = JSON.parse(String(fd.get("settings") || "{}"));
    } catch {
      setError(t("settingsJson"));
      return;
    }
    const secret = String(fd.get("secret") ?? "");
    const r = await call("POST", "/api/v1/identity-providers", {
      kind,
      name: fd.get("name"),
      settings,
      ...(secret ? (kind === "ldap" ? { bindPassword: secret } : { clientSecret: secret }) : {}),
    });
    if (!r.ok) return setError(r.body?.error?.message ?? t("failed"));
    setError(null);
    router.refresh();
  }
  return (
    <Card title={t("addProvider")}>
      <form onSubmit={submit} className="max-w-2xl space-y-3" aria-label={t("addProvider")}>
        {error && (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            {error}
          </div>
        )}
        <label className="block text-sm font-medium">
          {t("kind")}
          <select name="kind" className="mt-1 block rounded-md border border-zinc-300 px-2 py-1">
            <option value="ldap">{t("kindLdap")}</option>
            <option value="oidc">{t("kindOidc")}</option>
          </select>
        </label>
        <TextField label={t("name")} name="name" required />
        <label className="block text-sm font-medium">
          {t("settings")}
          <textarea
            name="settings"
            rows={8}
            className="mt-1 block w-full rounded-md border border-zinc-300 p-2 font-mono text-xs"
            placeholder={t("settingsPlaceholder")}
          />
        </label>
        <TextField label={t("secret")} name="secret" type="password" autoComplete="off" hint={t("secretHint")} />
        <Button type="submit" variant="primary">
          {t("add")}
        </Button>
      </form>
    </Card>
  );
}

export function AddMappingForm({ providers, tenants }: { providers: { id: string; name: string }[]; tenants: { id: string; name: string }[] }) {
  const t = useTranslations("identity.admin");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const target = String(fd.get("target"));
    const base = { providerId: fd.get("providerId"), group: fd.get("group") };
    const r = await call(
      "POST",
      "/api/v1/group-mappings",
      target === "admin" ? { ...base, platformAdmin: true } : { ...base, tenantId: target, role: fd.get("role") },
    );
    if (!r.ok) return setError(r.body?.error?.message ?? t("failed"));
    setError(null);
    router.refresh();
  }
  const select = "mt-1 block rounded-md border border-zinc-300 px-2 py-1";
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label={t("addMapping")}>
      {error && (
        <div role="alert" className="w-full rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </div>
      )}
      <label className="text-sm font-medium">
        {t("provider")}
        <select name="providerId" className={select}>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <TextField label={t("group")} name="group" required />
      <label className="text-sm font-medium">
        {t("target")}
        <select name="target" className={select}>
          {tenants.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
          <option value="admin">{t("platformAdmin")}</option>
        </select>
      </label>
      <label className="text-sm font-medium">
        {t("role")}
        <select name="role" className={select}>
          <option value="viewer">{t("roleViewer")}</option>
          <option value="member">{t("roleMember")}</option>
          <option value="owner">{t("roleOwner")}</option>
        </select>
      </label>
      <Button type="submit" variant="primary">
        {t("addMapping")}
      </Button>
    </form>
  );
}

export function DeleteMappingButton({ mappingId }: { mappingId: string }) {
  const t = useTranslations("identity.admin");
  const router = useRouter();
  return (
    <Button variant="ghost" size="sm" onClick={() => void call("DELETE", `/api/v1/group-mappings/${mappingId}`).then(() => router.refresh())}>
      {t("remove")}
    </Button>
  );
}
