"use client";
// Beside the Compose editor: what the portal would deploy (the validate answer, normalized), or
// the problems that stop it, each a button to its line.
import { useTranslations } from "next-intl";
import { Badge, Spinner } from "@/components/ui";
import type { ComposeDetail, LiveCheck } from "./compose-editor";

export interface ValidateAnswer {
  services: {
    name: string;
    image: string;
    replicas: number;
    ports: { target: number; published?: number; protocol: string; requested?: number }[];
    env: string[];
    volumes: { type: string; source?: string; target: string; readOnly: boolean }[];
    healthcheck?: { test?: string[]; disable?: boolean; intervalMs?: number; timeoutMs?: number; retries?: number };
  }[];
  /** `message` is English; `localizedMessage` is the same in the language the request asked for. */
  warnings: { path: string; message: string; localizedMessage?: string; line?: number; column?: number }[];
}

export function ComposePreview({ check, onGoTo }: { check: LiveCheck; onGoTo: (p: ComposeDetail) => void }) {
  const t = useTranslations("composePreview");
  return (
    <section
      aria-label={t("label")}
      aria-live="polite"
      data-testid="compose-preview"
      className="max-h-[34rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm"
    >
      <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-zinc-900">
        {t("title")}
        {check.state === "checking" && <Spinner className="text-blue-700" />}
      </h3>
      {check.state === "idle" && <p className="text-zinc-600">{t("idle")}</p>}
      {check.state === "checking" && <p className="text-zinc-600">{t("checking")}</p>}
      {check.state === "error" && <p className="text-amber-900">{check.message}</p>}
      {check.state === "problems" && (
        <div className="space-y-2">
          <p className="font-medium text-red-900">{check.message}</p>
          <ul className="space-y-1">
            {check.details.map((d, i) => (
              <li key={`${d.path}-${i}`} className="text-red-900">
                <button type="button" onClick={() => onGoTo(d)} className="mr-1 font-mono text-xs font-semibold underline underline-offset-2">
                  {d.line ? t("lineRef", { line: d.line }) : d.path || t("wholeFile")}
                </button>
                {d.rule && <Badge tone="red">{t("rule", { rule: d.rule })}</Badge>} {d.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {check.state === "ok" && (
        <div className="space-y-3">
          <p className="text-emerald-800">{t("ok", { count: check.answer.services.length })}</p>
          {check.answer.warnings.length > 0 && (
            <ul className="space-y-1 rounded border border-amber-200 bg-amber-50 p-2 text-amber-900">
              {check.answer.warnings.map((w, i) => (
                <li key={i}>
                  <button type="button" onClick={() => onGoTo(w)} className="mr-1 font-mono text-xs font-semibold underline underline-offset-2">
                    {w.path || t("wholeFile")}
                  </button>
                  {w.localizedMessage ?? w.message}
                </li>
              ))}
            </ul>
          )}
          {check.answer.services.map((s) => (
            <div key={s.name} className="rounded border border-zinc-200 bg-white p-2">
              <p className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-semibold">{s.name}</span>
                <span className="text-xs text-zinc-600">{t("replicas", { count: s.replicas })}</span>
              </p>
              <p className="font-mono text-xs break-all text-zinc-700">{s.image}</p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
                {s.ports.length > 0 && (
                  <>
                    <dt className="text-zinc-500">{t("ports")}</dt>
                    <dd className="font-mono">
                      {s.ports
                        .map((p) => `${p.published ?? t("auto")}${p.requested !== undefined ? ` (${p.requested})` : ""}→${p.target}/${p.protocol}`)
                        .join(", ")}
                    </dd>
                  </>
                )}
                {s.env.length > 0 && (
                  <>
                    <dt className="text-zinc-500">{t("env")}</dt>
                    <dd className="font-mono break-all">{s.env.join(", ")}</dd>
                  </>
                )}
                {s.volumes.length > 0 && (
                  <>
                    <dt className="text-zinc-500">{t("volumes")}</dt>
                    <dd className="font-mono break-all">{s.volumes.map((v) => `${v.source ?? v.type}:${v.target}${v.readOnly ? ":ro" : ""}`).join(", ")}</dd>
                  </>
                )}
                {s.healthcheck && !s.healthcheck.disable && (
                  <>
                    <dt className="text-zinc-500">{t("healthcheck")}</dt>
                    <dd className="font-mono break-all">{(s.healthcheck.test ?? []).join(" ")}</dd>
                  </>
                )}
              </dl>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
