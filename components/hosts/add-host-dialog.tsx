"use client";
// "Add host": the portal connects to the engine, then creates the environment's swarm (first host)
// or joins it. The action answers only when that is done, which takes seconds, so the form says
// what it is waiting for. Errors come back by path (name, endpoint, tls.key, advertiseAddr).
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ActionForm, Button, Dialog, HiddenFields, SubmitButton, TextField, TextareaField, type FormAction } from "@/components/ui";
import { useFormState } from "@/components/ui/form-context";
import { PendingNote } from "@/components/live/pending-note";
import { hostKeys } from "./host-keys";

export function AddHostDialog({ environmentId, action }: { environmentId: string; action: FormAction }) {
  const [open, setOpen] = useState(false);
  const qc = useQueryClient();
  const close = () => setOpen(false);
  return (
    <>
      <Button variant="primary" size="sm" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Add host
      </Button>
      <Dialog open={open} onClose={close} title="Add host" description="A Docker Engine this environment's swarm may use. The first host creates the swarm; later hosts join it.">
        <ActionForm
          action={action}
          successMessage="Host added"
          aria-label="Add host"
          onSuccess={() => {
            close();
            void qc.invalidateQueries({ queryKey: hostKeys.list(environmentId) });
          }}
        >
          <HiddenFields values={{ environmentId }} />
          <TextField label="Name" name="name" required autoComplete="off" spellCheck={false} placeholder="e.g. node-1" data-autofocus />
          <TextField
            label="Endpoint"
            name="endpoint"
            required
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            placeholder="tcp://10.0.0.5:2376"
            hint={
              <>
                One of <code className="font-mono">tcp://host:2376</code> (with TLS below), <code className="font-mono">ssh://user@host</code> (with the host&apos;s SSH key below) or{" "}
                <code className="font-mono">unix:///var/run/docker.sock</code>. Plain tcp:// without TLS and unix:// are for platform admins only. Loopback, link-local and the
                portal&apos;s own addresses are refused.
              </>
            }
          />
          <TlsFields />
          <SshKeyField />
          <TextField
            label="Advertise address"
            name="advertiseAddr"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            placeholder="10.0.0.5"
            hint="Optional. The IP address other hosts reach this one at; defaults to the endpoint's address."
          />
          <PendingNote>Connecting to the engine and setting up the swarm. This takes a few seconds…</PendingNote>
          <div className="flex justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            <SubmitButton>Add host</SubmitButton>
          </div>
        </ActionForm>
      </Dialog>
    </>
  );
}

/** ssh:// hosts: the portal uses only this key (never its own SSH agent); the host key is pinned on first use. */
function SshKeyField() {
  const fields = useFormState()?.fields ?? {};
  const invalid = Object.keys(fields).some((k) => k === "ssh" || k.startsWith("ssh."));
  return (
    <details open={invalid || undefined} className="rounded-md border border-zinc-200 px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium text-zinc-800">SSH private key (ssh:// only)</summary>
      <div className="mt-3 space-y-3">
        <p className="text-xs text-zinc-500">
          An unencrypted private key allowed to run docker on the host. It is stored encrypted and never shown again. The host&apos;s SSH key is recorded when the host is added; a
          later change is refused.
        </p>
        <TextareaField label="Private key" name="sshKey" rows={3} className="font-mono text-xs" errorKeys={["ssh.privateKey", "ssh"]} placeholder="-----BEGIN OPENSSH PRIVATE KEY-----" />
      </div>
    </details>
  );
}

/** Collapsed by default (most lab hosts need none), but opened when the server rejects a field in it. */
function TlsFields() {
  const fields = useFormState()?.fields ?? {};
  const invalid = Object.keys(fields).some((k) => k === "tls" || k.startsWith("tls."));
  return (
    <details open={invalid || undefined} className="rounded-md border border-zinc-200 px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium text-zinc-800">TLS client certificate (optional)</summary>
      <div className="mt-3 space-y-3">
        <p className="text-xs text-zinc-500">PEM text. The key is stored encrypted and never shown again.</p>
        <TextareaField label="CA certificate" name="tlsCa" rows={3} className="font-mono text-xs" errorKeys={["tls.ca", "tls"]} placeholder="-----BEGIN CERTIFICATE-----" />
        <TextareaField label="Client certificate" name="tlsCert" rows={3} className="font-mono text-xs" errorKeys={["tls.cert"]} placeholder="-----BEGIN CERTIFICATE-----" />
        <TextareaField label="Client key" name="tlsKey" rows={3} className="font-mono text-xs" errorKeys={["tls.key"]} placeholder="-----BEGIN PRIVATE KEY-----" />
      </div>
    </details>
  );
}
