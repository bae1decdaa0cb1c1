"use client";
// Commit a container into the caller's personal repository. Drop it into the container page:
// <CommitButton containerId={c.id} />. It calls POST /api/v1/containers/{id}/commit with the session
// cookie (same origin) and shows the job's progress.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Dialog, Input } from "@/components/ui";
import { apiHeaders } from "@/components/live/fetch-json";
import { useJobErrorText } from "@/components/jobs/use-job-error";
import { useStoredText } from "@/components/live/use-stored-text";

export function CommitButton({ containerId }: { containerId: string }) {
  const t = useTranslations("commit");
  const tf = useTranslations("consolefix.images");
  const jobError = useJobErrorText();
  const storedText = useStoredText();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<string>("");
  const [busy, setBusy] = useState(false);
  // A failed commit must not read like a finished one (issue 11 item 6): red, announced as an alert.
  const [outcome, setOutcome] = useState<"ok" | "error" | null>(null);

  async function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    setBusy(true);
    setOutcome(null);
    setStatus(t("starting"));
    try {
      const r = await fetch(`/api/v1/containers/${encodeURIComponent(containerId)}/commit`, {
        method: "POST",
        headers: apiHeaders({ "content-type": "application/json" }),
        body: JSON.stringify({ repository: fd.get("repository"), tag: fd.get("tag") || "latest", message: fd.get("message") || "" }),
      });
      const body = await r.json();
      if (!r.ok) throw new Error(body?.error?.message ?? t("refused"));
      for (;;) {
        const j = await (await fetch(`/api/v1/jobs/${body.jobId}`, { headers: apiHeaders() })).json();
        setStatus(`${j.progress ?? 0}% ${j.message ? storedText(j) : ""}`);
        if (j.status === "succeeded") {
          setOutcome("ok");
          return setStatus(t("committed", { ref: `${body.repository}:${body.tag}` }));
        }
        if (j.status === "failed") throw new Error(jobError(j) || t("failed"));
        await new Promise((res) => setTimeout(res, 1000));
      }
    } catch (e) {
      setOutcome("error");
      setStatus((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        {t("button")}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t("title")}>
        <form
          aria-label={t("label")}
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(e.currentTarget);
          }}
        >
          <label className="block text-sm">
            {t("repository")}
            <Input name="repository" required pattern="[a-z0-9]+([._-][a-z0-9]+)*" placeholder={tf("commitPlaceholder")} />
          </label>
          <label className="block text-sm">
            {t("tag")}
            <Input name="tag" defaultValue="latest" />
          </label>
          <label className="block text-sm">
            {t("message")}
            <Input name="message" maxLength={500} />
          </label>
          <Button type="submit" disabled={busy}>
            {busy ? t("working") : t("submit")}
          </Button>
          <p
            role={outcome === "error" ? "alert" : "status"}
            data-outcome={outcome ?? undefined}
            className={
              outcome === "error"
                ? "rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
                : outcome === "ok"
                  ? "rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
                  : "text-sm text-zinc-600"
            }
          >
            {status}
          </p>
        </form>
      </Dialog>
    </>
  );
}
