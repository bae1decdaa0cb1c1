"use client";
// Creates an API token and shows its secret exactly once, with a copy button: the portal keeps
// only a hash, so after "Done" nobody can see it again.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm, Button, SubmitButton, TextField, useToast, type FormAction } from "@/components/ui";

export function CreateTokenForm({ action }: { action: FormAction<{ id: string; token: string }> }) {
  const t = useTranslations("tokens");
  const [secret, setSecret] = useState<string | null>(null);
  const toast = useToast();

  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      toast.show(t("copiedToast"));
    } catch {
      toast.show(t("copyFailed"), "error");
    }
  }

  return (
    <div className="space-y-4">
      {secret && (
        <div role="region" aria-label={t("newToken")} className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-semibold text-amber-900">{t("copyNow")}</p>
          <p className="text-sm text-amber-900">{t.rich("actsAsYou", { code: (c) => <code className="font-mono">{c}</code> })}</p>
          <div className="flex flex-wrap gap-2">
            {/* A textarea, not an input (issue 11 item 6): an input clips its text to one line box,
                and the monospace underscore sits below it, so "caas_x_y" read as "caas x y". The
                textarea wraps the whole token and draws descenders in its padding. */}
            <textarea
              readOnly
              value={secret}
              rows={2}
              spellCheck={false}
              aria-label={t("value")}
              data-testid="token-value"
              onFocus={(e) => e.currentTarget.select()}
              className="min-w-0 flex-1 resize-none rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm leading-6 break-all"
            />
            <Button variant="primary" onClick={copy}>
              {t("copy")}
            </Button>
            <Button onClick={() => setSecret(null)}>{t("done")}</Button>
          </div>
        </div>
      )}
      <ActionForm
        action={action}
        successMessage={t("created")}
        onSuccess={(d) => setSecret(d.token)}
        aria-label={t("createLabel")}
        className="flex flex-wrap items-end gap-4"
      >
        <TextField label={t("name")} name="name" required autoComplete="off" fieldClassName="min-w-64 flex-1" placeholder={t("namePlaceholder")} />
        <SubmitButton>{t("create")}</SubmitButton>
      </ActionForm>
    </div>
  );
}
