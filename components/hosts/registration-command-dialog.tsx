"use client";
// "Add host with a command" (issue 15): makes a one-time registration command for this
// environment (curl and wget variants, shown once, with its expiry), lists the commands made with
// their state and lets an owner revoke them. While the dialog is open the list is polled, and the
// hosts table is refreshed as soon as a command completes, so the new host shows up live.
import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Badge, Button, Dialog, Time, useToast } from "@/components/ui";
import type { BadgeTone } from "@/components/ui/badge";
import { apiHeaders, fetchJson, HttpError } from "@/components/live/fetch-json";
import { hostKeys } from "./host-keys";

type State = "valid" | "used" | "completed" | "expired" | "revoked";
interface TokenRow {
  id: string;
  purpose: "register" | "rotate";
  hostName: string | null;
  address: string | null;
  state: State;
  createdAt: string;
  expiresAt: string;
}
interface Created {
  id: string;
  command: string;
  commands: { curl: string; wget: string };
  expiresAt: string;
}

const STATE_TONES: Record<State, BadgeTone> = { valid: "blue", used: "amber", completed: "green", expired: "neutral", revoked: "neutral" };

async function send<T>(method: "POST" | "DELETE", url: string): Promise<T> {
  const res = await fetch(url, { method, headers: apiHeaders({ "content-type": "application/json" }), body: method === "POST" ? "{}" : undefined });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new HttpError(res.status, body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

export function RegistrationCommandDialog({ environmentId }: { environmentId: string }) {
  const t = useTranslations("hostreg");
  const toast = useToast();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<"command" | "tokens">("command");
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `/api/v1/environments/${environmentId}/hosts/registration-tokens`;
  const tokens = useQuery({
    queryKey: ["hostreg", "tokens", environmentId],
    queryFn: () => fetchJson<{ items: TokenRow[] }>(url),
    enabled: open,
    refetchInterval: open ? 2_000 : false,
  });
  // A command that completed since the last poll: its host has joined, refresh the hosts table.
  const completed = useRef<Set<string> | null>(null);
  useEffect(() => {
    const items = tokens.data?.items;
    if (!items) return;
    const now = new Set(items.filter((x) => x.state === "completed").map((x) => x.id));
    if (completed.current && [...now].some((id) => !completed.current!.has(id))) void qc.invalidateQueries({ queryKey: hostKeys.list(environmentId) });
    // a command being run: the host may join any moment, keep the table fresh too
    if (items.some((x) => x.state === "used")) void qc.invalidateQueries({ queryKey: hostKeys.list(environmentId) });
    completed.current = now;
  }, [tokens.data, qc, environmentId]);

  const create = async () => {
    setBusy(true);
    try {
      setCreated(await send<Created>("POST", url));
      setTab("command");
      void tokens.refetch();
    } catch (e) {
      toast.show((e as Error).message, "error");
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    try {
      await send("DELETE", `${url}/${id}`);
      toast.show(t("revoked"));
      if (created?.id === id) setCreated(null);
      void tokens.refetch();
    } catch (e) {
      toast.show((e as Error).message, "error");
    }
  };
  const close = () => {
    setOpen(false);
    setCreated(null);
  };

  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} aria-haspopup="dialog">
        {t("open")}
      </Button>
      <Dialog open={open} onClose={close} title={t("title")} description={t("description")} className="max-w-2xl">
        <div className="space-y-4">
          <div role="tablist" aria-label={t("title")} className="flex gap-1 border-b border-zinc-200">
            {(["command", "tokens"] as const).map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                aria-selected={tab === k}
                onClick={() => setTab(k)}
                className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${tab === k ? "border-blue-700 font-medium text-blue-800" : "border-transparent text-zinc-600 hover:text-zinc-900"}`}
              >
                {k === "command" ? t("tabCommand") : t("tabTokens")}
              </button>
            ))}
          </div>
          {tab === "command" ? (
            <div role="tabpanel" aria-label={t("tabCommand")} className="space-y-3">
              {created ? (
                <>
                  <p className="text-sm text-zinc-700">{t("shownOnce", { time: new Date(created.expiresAt).toLocaleTimeString() })}</p>
                  <CommandLine label={t("commandCurl")} value={created.commands.curl} />
                  <CommandLine label={t("commandWget")} value={created.commands.wget} />
                  <p className="text-xs text-zinc-500">
                    {t("expires")}: <Time value={created.expiresAt} seconds />
                  </p>
                  <p className="text-xs text-zinc-500">{t("whatItChanges")}</p>
                  <p className="text-sm text-zinc-700" aria-live="polite">
                    {t("waiting")}
                  </p>
                </>
              ) : (
                <p className="text-sm text-zinc-700">{t("whatItChanges")}</p>
              )}
              <div className="flex justify-end gap-2">
                <Button onClick={close}>{t("close")}</Button>
                <Button variant="primary" onClick={() => void create()} disabled={busy}>
                  {busy ? t("creating") : t("create")}
                </Button>
              </div>
            </div>
          ) : (
            <div role="tabpanel" aria-label={t("tabTokens")}>
              {tokens.data?.items.length ? (
                <table className="w-full text-left text-sm">
                  <thead className="text-xs text-zinc-500">
                    <tr>
                      <th className="py-1 font-medium">{t("created")}</th>
                      <th className="py-1 font-medium">{t("expires")}</th>
                      <th className="py-1 font-medium">{t("host")}</th>
                      <th className="py-1 font-medium">{t("state")}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {tokens.data.items.map((x) => (
                      <tr key={x.id} className="border-t border-zinc-100">
                        <td className="py-1.5">
                          <Time value={x.createdAt} relative />
                        </td>
                        <td className="py-1.5">
                          <Time value={x.expiresAt} />
                        </td>
                        <td className="py-1.5 font-mono text-xs">{x.hostName ? `${x.hostName} (${x.address})` : "–"}</td>
                        <td className="py-1.5">
                          <Badge tone={STATE_TONES[x.state]}>{t(`states.${x.state}`)}</Badge>
                        </td>
                        <td className="py-1.5 text-right">
                          {x.state === "valid" && (
                            <Button size="sm" variant="ghost" onClick={() => void revoke(x.id)}>
                              {t("revoke")}
                            </Button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="text-sm text-zinc-500">{t("tokensEmpty")}</p>
              )}
            </div>
          )}
        </div>
      </Dialog>
    </>
  );
}

/** A read-only line with a copy button (commands, public keys). */
export function CommandLine({ label, value }: { label: string; value: string }) {
  const t = useTranslations("hostreg");
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const copy = async () => {
    ref.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2_000);
    } catch {
      // no clipboard (not a secure context): the text is selected for Ctrl+C
    }
  };
  return (
    <div>
      <label className="text-xs font-medium text-zinc-700">
        {label}
        <div className="mt-1 flex gap-2">
          <input
            ref={ref}
            readOnly
            value={value}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded-md border border-zinc-300 bg-zinc-50 px-2 py-1.5 font-mono text-xs text-zinc-900"
          />
          <Button size="sm" onClick={() => void copy()}>
            {copied ? t("copied") : t("copy")}
          </Button>
        </div>
      </label>
    </div>
  );
}
