"use client";
// "Add host": the portal connects to the engine, then creates the environment's swarm (first host)
// or joins it. The action answers only when that is done, which takes seconds, so the form says
// what it is waiting for. Errors come back by path (name, endpoint, tls.key, advertiseAddr).
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { ActionForm, Button, Dialog, HiddenFields, SubmitButton, TextField, TextareaField, type FormAction } from "@/components/ui";
import { useFormState } from "@/components/ui/form-context";
import { PendingNote } from "@/components/live/pending-note";
import { apiHeaders } from "@/components/live/fetch-json";
import { hostKeys } from "./host-keys";
import { CommandLine } from "./registration-command-dialog";

export function AddHostDialog({ environmentId, action }: { environmentId: string; action: FormAction }) {
  const t = useTranslations("addHost");
  const [open, setOpen] = useState(false);
  const qc = useQueryClient();
  const close = () => setOpen(false);
  return (
    <>
      <Button variant="primary" size="sm" onClick={() => setOpen(true)} aria-haspopup="dialog">
        {t("title")}
      </Button>
      <Dialog open={open} onClose={close} title={t("title")} description={t("description")}>
        <ActionForm
          action={action}
          successMessage={t("added")}
          aria-label={t("title")}
          onSuccess={() => {
            close();
            void qc.invalidateQueries({ queryKey: hostKeys.list(environmentId) });
          }}
        >
          <HiddenFields values={{ environmentId }} />
          <TextField label={t("name")} name="name" required autoComplete="off" spellCheck={false} placeholder={t("namePlaceholder")} data-autofocus />
          <TextField
            label={t("endpoint")}
            name="endpoint"
            required
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            placeholder="tcp://10.0.0.5:2376"
            hint={t.rich("endpointHint", { code: (c) => <code className="font-mono">{c}</code> })}
          />
          <TlsFields />
          <SshKeyField environmentId={environmentId} />
          <TextField
            label={t("advertiseAddr")}
            name="advertiseAddr"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            placeholder="10.0.0.5"
            hint={t("advertiseAddrHint")}
          />
          <PendingNote>{t("pending")}</PendingNote>
          <div className="flex justify-end gap-2">
            <Button onClick={close}>{t("cancel")}</Button>
            <SubmitButton>{t("title")}</SubmitButton>
          </div>
        </ActionForm>
      </Dialog>
    </>
  );
}

/** ssh:// hosts: the portal uses only this key (never its own SSH agent); the host key is pinned on first use.
 * Either the owner's own private key, or a key pair the portal generates: then only the public key is
 * shown (to authorize on the host) and the form sends the sealed generated key. */
function SshKeyField({ environmentId }: { environmentId: string }) {
  const t = useTranslations("addHost");
  const k = useTranslations("hosts3.sshKeys");
  const fields = useFormState()?.fields ?? {};
  const invalid = Object.keys(fields).some((f) => f === "ssh" || f.startsWith("ssh."));
  const [pair, setPair] = useState<{ publicKey: string; generatedKey: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // once a key pair was asked for, the section stays open (also after "Use my own key instead")
  const [keepOpen, setKeepOpen] = useState(false);
  const generate = async () => {
    setKeepOpen(true);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/v1/environments/${environmentId}/hosts/ssh-keypair`, {
        method: "POST",
        headers: apiHeaders({ "content-type": "application/json" }),
        body: "{}",
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message ?? (res.statusText || String(res.status)));
      setPair({ publicKey: body.publicKey, generatedKey: body.generatedKey });
    } catch (e) {
      setError(k("failed", { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details open={invalid || keepOpen || undefined} className="rounded-md border border-zinc-200 px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium text-zinc-800">{t("sshKey")}</summary>
      <div className="mt-3 space-y-3">
        <p className="text-xs text-zinc-500">{t("sshKeyHelp")}</p>
        {pair ? (
          <>
            <HiddenFields values={{ sshGeneratedKey: pair.generatedKey }} />
            <CommandLine label={k("publicKey")} value={pair.publicKey} />
            <p className="text-xs text-zinc-500">{k("generatedHelp")}</p>
            <Button size="sm" variant="ghost" onClick={() => setPair(null)}>
              {k("useOwn")}
            </Button>
          </>
        ) : (
          <>
            <TextareaField
              label={t("privateKey")}
              name="sshKey"
              rows={3}
              className="font-mono text-xs"
              errorKeys={["ssh.privateKey", "ssh.generatedKey", "ssh"]}
              placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            />
            <Button size="sm" onClick={() => void generate()} disabled={busy}>
              {busy ? k("generating") : k("generate")}
            </Button>
            {error && (
              <p role="alert" className="text-xs text-red-700">
                {error}
              </p>
            )}
          </>
        )}
      </div>
    </details>
  );
}

/** Collapsed by default (most lab hosts need none), but opened when the server rejects a field in it. */
function TlsFields() {
  const t = useTranslations("addHost");
  const fields = useFormState()?.fields ?? {};
  const invalid = Object.keys(fields).some((k) => k === "tls" || k.startsWith("tls."));
  return (
    <details open={invalid || undefined} className="rounded-md border border-zinc-200 px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium text-zinc-800">{t("tls")}</summary>
      <div className="mt-3 space-y-3">
        <p className="text-xs text-zinc-500">{t("tlsHelp")}</p>
        <TextareaField
          label={t("tlsCa")}
          name="tlsCa"
          rows={3}
          className="font-mono text-xs"
          errorKeys={["tls.ca", "tls"]}
          placeholder="-----BEGIN CERTIFICATE-----"
        />
        <TextareaField
          label={t("tlsCert")}
          name="tlsCert"
          rows={3}
          className="font-mono text-xs"
          errorKeys={["tls.cert"]}
          placeholder="-----BEGIN CERTIFICATE-----"
        />
        <TextareaField
          label={t("tlsKey")}
          name="tlsKey"
          rows={3}
          className="font-mono text-xs"
          errorKeys={["tls.key"]}
          placeholder="-----BEGIN PRIVATE KEY-----"
        />
      </div>
    </details>
  );
}
