"use client";
// "Remove unused volumes/networks": confirms, runs the bulk removal, says how many went.
import { useTranslations } from "next-intl";
import { ConfirmDialog, useToast, type FormAction } from "@/components/ui";

export function PruneButton({ kind, environmentId, action }: { kind: "volumes" | "networks"; environmentId: string; action: FormAction }) {
  const t = useTranslations("resources");
  const toast = useToast();
  return (
    <ConfirmDialog
      triggerLabel={t(`${kind}.pruneLabel`)}
      triggerVariant="secondary"
      title={t(`${kind}.pruneTitle`)}
      description={t(`${kind}.pruneDescription`)}
      confirmLabel={t(`${kind}.pruneLabel`)}
      action={action}
      values={{ environmentId }}
      onSuccess={(data) => toast.show(t(`${kind}.pruned`, { count: (data as { removed?: unknown[] } | null)?.removed?.length ?? 0 }))}
    />
  );
}
