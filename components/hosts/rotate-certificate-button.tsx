"use client";
// "Rotate certificate" on the page of a host added with the registration command (issue 15): after
// a confirmation the portal makes a one-time rotation command (POST /hosts/{id}/rotate-certificate);
// the dialog shows it to copy and follows its token (the environment's command list, polled) until
// the host has run it: renewed, or expired.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button, Dialog } from "@/components/ui";
import { apiHeaders, fetchJson } from "@/components/live/fetch-json";
import { CommandLine } from "./registration-command-dialog";

interface Created {
  id: string;
  command: string;
  commands: { curl: string; wget: string };
  expiresAt: string;
}
type Phase = { kind: "confirm" } | { kind: "creating" } | { kind: "created"; created: Created } | { kind: "failed"; message: string };

export function RotateCertificateButton({ hostId, hostName, environmentId }: { hostId: string; hostName: string; environmentId: string }) {
  const t = useTranslations("hosts3.rotate");
  const r = useTranslations("hostreg");
  const [open, setOpen] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "confirm" });
  const created = phase.kind === "created" ? phase.created : null;
  const tokens = useQuery({
    queryKey: ["hostreg", "tokens", environmentId, "rotate", created?.id],
    queryFn: () => fetchJson<{ items: { id: string; state: string }[] }>(`/api/v1/environments/${environmentId}/hosts/registration-tokens`),
    enabled: open && created !== null,
    refetchInterval: (q) => {
      const s = q.state.data?.items.find((x) => x.id === created?.id)?.state;
      return s === "completed" || s === "expired" || s === "revoked" ? false : 2_000;
    },
  });
  const state = tokens.data?.items.find((x) => x.id === created?.id)?.state;

  const start = async () => {
    setPhase({ kind: "creating" });
    try {
      const res = await fetch(`/api/v1/hosts/${hostId}/rotate-certificate`, {
        method: "POST",
        headers: apiHeaders({ "content-type": "application/json" }),
        body: "{}",
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message ?? (res.statusText || String(res.status)));
      setPhase({ kind: "created", created: body as Created });
    } catch (e) {
      setPhase({ kind: "failed", message: (e as Error).message });
    }
  };
  const close = () => {
    setOpen(false);
    setPhase({ kind: "confirm" });
  };

  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} aria-haspopup="dialog">
        {t("button")}
      </Button>
      <Dialog open={open} onClose={close} title={t("title")} className="max-w-2xl">
        <div className="space-y-3">
          {phase.kind === "confirm" || phase.kind === "creating" ? (
            <>
              <p className="text-sm text-zinc-700">{t("confirm")}</p>
              <div className="flex justify-end gap-2">
                <Button onClick={close}>{t("cancel")}</Button>
                <Button variant="primary" onClick={() => void start()} loading={phase.kind === "creating"}>
                  {phase.kind === "creating" ? t("creating") : t("start")}
                </Button>
              </div>
            </>
          ) : (
            <>
              {phase.kind === "failed" ? (
                <p role="alert" className="text-sm text-red-700">
                  {t("failed", { message: phase.message })}
                </p>
              ) : (
                <>
                  <p className="text-sm text-zinc-700">{t("runIt", { host: hostName })}</p>
                  <CommandLine label={r("commandCurl")} value={phase.created.commands.curl} />
                  <CommandLine label={r("commandWget")} value={phase.created.commands.wget} />
                  <p className="text-sm" role="status" aria-live="polite">
                    {state === "completed" ? (
                      <span className="text-green-800">{t("done", { host: hostName })}</span>
                    ) : state === "expired" || state === "revoked" ? (
                      <span className="text-amber-800">{t("expired")}</span>
                    ) : (
                      <span className="text-zinc-600">{t("waiting")}</span>
                    )}
                  </p>
                </>
              )}
              <div className="flex justify-end">
                <Button onClick={close}>{t("close")}</Button>
              </div>
            </>
          )}
        </div>
      </Dialog>
    </>
  );
}
