"use client";
// Creates an API token and shows its secret exactly once, with a copy button: the portal keeps
// only a hash, so after "Done" nobody can see it again.
import { useState } from "react";
import { ActionForm, Button, SubmitButton, TextField, useToast, type FormAction } from "@/components/ui";

export function CreateTokenForm({ action }: { action: FormAction<{ id: string; token: string }> }) {
  const [secret, setSecret] = useState<string | null>(null);
  const toast = useToast();

  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      toast.show("Token copied to the clipboard");
    } catch {
      toast.show("Copying failed: select the token and copy it by hand.", "error");
    }
  }

  return (
    <div className="space-y-4">
      {secret && (
        <div role="region" aria-label="New API token" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-semibold text-amber-900">Copy this token now. It will not be shown again.</p>
          <p className="text-sm text-amber-900">Anyone with it acts as you, with your current rights. Send it as <code className="font-mono">Authorization: Bearer …</code>.</p>
          <div className="flex flex-wrap gap-2">
            <input
              readOnly
              value={secret}
              aria-label="Token value"
              onFocus={(e) => e.currentTarget.select()}
              className="h-10 min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 font-mono text-sm"
            />
            <Button variant="primary" onClick={copy}>
              Copy
            </Button>
            <Button onClick={() => setSecret(null)}>Done</Button>
          </div>
        </div>
      )}
      <ActionForm action={action} successMessage="Token created" onSuccess={(d) => setSecret(d.token)} aria-label="Create API token" className="flex flex-wrap items-end gap-4">
        <TextField label="Token name" name="name" required autoComplete="off" fieldClassName="min-w-64 flex-1" placeholder="e.g. ci-pipeline" />
        <SubmitButton>Create token</SubmitButton>
      </ActionForm>
    </div>
  );
}
