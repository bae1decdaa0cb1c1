"use client";
// Images on the environment's hosts: pull one on every host (a job; each host's progress is pushed
// live on the events socket) and prune what nothing uses (bytes reclaimed per host).
import { useState } from "react";
import { useTranslations } from "next-intl";
import type { HostPruneResult } from "@/lib/resources";
import {
  ActionForm,
  Card,
  ConfirmDialog,
  HiddenFields,
  SubmitButton,
  TBody,
  Table,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  formatBytes,
  type FormAction,
} from "@/components/ui";
import { PullProgress } from "./pull-progress";

export function ImagesCard({
  environmentId,
  example,
  actions,
}: {
  environmentId: string;
  /** an image reference to show as the example (the portal registry's address) */
  example: string;
  actions: { pull: FormAction<{ jobId: string }>; prune: FormAction<{ items: HostPruneResult[]; reclaimedBytes: number }> };
}) {
  const t = useTranslations("resources.images");
  const [pull, setPull] = useState<{ jobId: string; image: string } | null>(null);
  const [image, setImage] = useState("");
  const [pruned, setPruned] = useState<{ items: HostPruneResult[]; reclaimedBytes: number } | null>(null);
  return (
    <Card
      title={t("title")}
      description={t("description")}
      actions={
        <ConfirmDialog
          triggerLabel={t("prune")}
          triggerVariant="secondary"
          title={t("pruneTitle")}
          description={t("pruneDescription")}
          confirmLabel={t("pruneConfirm")}
          action={actions.prune as FormAction}
          values={{ environmentId }}
          onSuccess={(data) => setPruned(data as { items: HostPruneResult[]; reclaimedBytes: number })}
        />
      }
    >
      <ActionForm
        action={actions.pull}
        successMessage={t("pullStarted")}
        resetOnSuccess={false}
        aria-label={t("pull")}
        onSuccess={(data) => setPull({ jobId: data.jobId, image })}
        className="flex flex-wrap items-end gap-3"
      >
        <HiddenFields values={{ environmentId }} />
        <TextField
          label={t("image")}
          name="image"
          required
          autoComplete="off"
          spellCheck={false}
          value={image}
          onChange={(e) => setImage(e.target.value)}
          hint={t("imageHint", { example })}
          fieldClassName="min-w-72 flex-1"
          errorKeys={["image"]}
        />
        <SubmitButton>{t("pull")}</SubmitButton>
      </ActionForm>
      {pull && (
        <div className="mt-4">
          <PullProgress key={pull.jobId} jobId={pull.jobId} image={pull.image} />
        </div>
      )}
      {pruned && (
        <div className="mt-4" data-testid="prune-result">
          <Table caption={t("pruneResult")}>
            <THead>
              <Th>{t("host")}</Th>
              <Th className="text-right">{t("deleted")}</Th>
              <Th className="text-right">{t("reclaimed")}</Th>
            </THead>
            <TBody>
              {pruned.items.map((h) => (
                <Tr key={h.hostId}>
                  <Td>{h.hostName}</Td>
                  <Td className="text-right tabular-nums">{h.error ? "—" : h.deleted}</Td>
                  <Td className="text-right tabular-nums">{h.error ? t("problem.unreachable") : formatBytes(h.reclaimedBytes)}</Td>
                </Tr>
              ))}
              <Tr>
                <Td className="font-semibold">{t("total")}</Td>
                <Td />
                <Td className="text-right font-semibold tabular-nums">{t("pruned", { bytes: formatBytes(pruned.reclaimedBytes) })}</Td>
              </Tr>
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
