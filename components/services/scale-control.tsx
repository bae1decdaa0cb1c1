"use client";
// Replicas of one service, live, and (for members) the control to change them: a number field
// with − and + steppers and Save. Nothing changes until Save, so stepping is safe to explore.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { ServiceDto } from "@/lib/apps";
import { ActionForm, Button, HiddenFields, SubmitButton, TextField, type FormAction } from "@/components/ui";
import { Replicas } from "@/components/apps/services-table";
import { serviceKeys } from "./service-keys";
import { useService } from "./use-service";
import { cannotConverge } from "./converge-limit";
// limits.ts has no imports, so the browser bundle gets the numbers only (the server decides anyway).
import { PLATFORM_LIMITS } from "@/lib/compose/limits";

const MAX_REPLICAS = PLATFORM_LIMITS.maxReplicas;

export function ScaleControl({
  initial,
  canScale,
  action,
  limit = null,
}: {
  initial: ServiceDto;
  canScale: boolean;
  action: FormAction;
  /** Replicas that can run at most (host-mode published ports: one per schedulable host). */
  limit?: number | null;
}) {
  const t = useTranslations("scale");
  const tw = useTranslations("scaleWarning");
  const svc = useService(initial).data;
  const qc = useQueryClient();
  const [value, setValue] = useState(String(initial.replicas.desired));
  const n = Number.parseInt(value, 10);
  const step = (d: number) => setValue(String(Math.min(MAX_REPLICAS, Math.max(0, (Number.isFinite(n) ? n : svc.replicas.desired) + d))));

  return (
    <div className="space-y-4">
      <p className="flex items-baseline gap-3 text-sm text-zinc-700" aria-live="polite">
        <span className="text-2xl">
          <Replicas running={svc.replicas.running} desired={svc.replicas.desired} />
        </span>
        <span>
          {svc.replicas.running !== svc.replicas.desired
            ? t("converging", { desired: svc.replicas.desired })
            : svc.replicas.desired === 0
              ? t("scaledToZero")
              : t("asDesired")}
        </span>
      </p>
      {canScale ? (
        <ActionForm
          action={action}
          aria-label={t("label")}
          successMessage={t("scaling", { name: svc.name, value })}
          resetOnSuccess={false}
          onSuccess={() => {
            for (const key of [serviceKeys.detail(svc.id), serviceKeys.containers(svc.id), serviceKeys.events(svc.id)])
              void qc.invalidateQueries({ queryKey: key });
          }}
          className="flex flex-wrap items-end gap-2"
        >
          <HiddenFields values={{ serviceId: svc.id }} />
          <Button aria-label={t("less")} onClick={() => step(-1)} disabled={Number.isFinite(n) && n <= 0}>
            −
          </Button>
          <TextField
            label={t("desired")}
            name="replicas"
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_REPLICAS}
            required
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="w-24 text-right tabular-nums"
          />
          <Button aria-label={t("more")} onClick={() => step(1)} disabled={Number.isFinite(n) && n >= MAX_REPLICAS}>
            +
          </Button>
          <SubmitButton>{t("save")}</SubmitButton>
          {cannotConverge(n, limit) && (
            <p
              role="status"
              className="basis-full rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
              data-testid="converge-warning"
            >
              {tw("cannotConverge", { replicas: n, limit: limit ?? 0 })}
            </p>
          )}
        </ActionForm>
      ) : (
        <p className="text-sm text-zinc-600">{t("viewer")}</p>
      )}
    </div>
  );
}
