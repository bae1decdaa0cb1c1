"use client";
// The service page's day-2 actions: restart (every task replaced), stop or start this one service,
// and update its image tag (a new revision, deployed as a job, with a one-click roll back to the
// revision it replaced). Each asks for confirmation first; the server decides who may.
import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { useQueryClient } from "@tanstack/react-query";
import type { ServiceDto } from "@/lib/apps";
import { ActionForm, Button, ConfirmDialog, Dialog, HiddenFields, SubmitButton, TextField, type FormAction } from "@/components/ui";
import { serviceKeys } from "./service-keys";
import { useService } from "./use-service";

export interface ServiceActionHandlers {
  restart: FormAction;
  stop: FormAction;
  start: FormAction;
  updateImage: FormAction<{ jobId: string; appId: string; image: string; previousRevision: number | null }>;
  rollback: FormAction;
}

/** The tag part of an image reference ("" when none: latest). */
function tagOf(image: string): string {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(colon + 1) : "";
}

export function ServiceActions({ initial, actions }: { initial: ServiceDto; actions: ServiceActionHandlers }) {
  const t = useTranslations("serviceActions");
  const svc = useService(initial).data;
  const qc = useQueryClient();
  const [imageOpen, setImageOpen] = useState(false);
  const [updated, setUpdated] = useState<{ appId: string; image: string; previousRevision: number | null } | null>(null);
  const refresh = () => {
    for (const key of [serviceKeys.detail(svc.id), serviceKeys.containers(svc.id), serviceKeys.events(svc.id)]) void qc.invalidateQueries({ queryKey: key });
  };
  const values = { serviceId: svc.id };
  const stopped = svc.replicas.desired === 0;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <ConfirmDialog
          triggerLabel={t("restart")}
          triggerVariant="secondary"
          title={() => t("restartTitle", { name: svc.name })}
          description={() => t("restartBody")}
          confirmLabel={t("restart")}
          action={actions.restart}
          values={values}
          successMessage={() => t("restarting", { name: svc.name })}
          onSuccess={refresh}
        />
        {stopped ? (
          <ConfirmDialog
            triggerLabel={t("start")}
            triggerVariant="secondary"
            title={() => t("startTitle", { name: svc.name })}
            description={() => t("startBody")}
            confirmLabel={t("start")}
            action={actions.start}
            values={values}
            successMessage={() => t("starting", { name: svc.name })}
            onSuccess={refresh}
          />
        ) : (
          <ConfirmDialog
            triggerLabel={t("stop")}
            triggerVariant="secondary"
            title={() => t("stopTitle", { name: svc.name })}
            description={() => t("stopBody", { replicas: svc.replicas.desired })}
            confirmLabel={t("stop")}
            action={actions.stop}
            values={values}
            successMessage={() => t("stopping", { name: svc.name })}
            onSuccess={refresh}
          />
        )}
        <Button onClick={() => setImageOpen(true)} aria-haspopup="dialog">
          {t("updateImage")}
        </Button>
      </div>
      {/* mounted only while open, as ConfirmDialog's body: its texts are formatted then, not per render */}
      {imageOpen && (
        <Dialog open onClose={() => setImageOpen(false)} title={t("updateImageTitle", { name: svc.name })} description={t("updateImageBody")}>
          <ActionForm
            action={actions.updateImage}
            aria-label={t("updateImageTitle", { name: svc.name })}
            successMessage={t("updatingImage")}
            onSuccess={(d) => {
              setImageOpen(false);
              setUpdated(d);
              refresh();
            }}
          >
            <HiddenFields values={values} />
            <p className="text-sm text-zinc-600">
              {t("currentImage")} <span className="font-mono break-all">{svc.image}</span>
            </p>
            <TextField label={t("newTag")} name="tag" defaultValue={tagOf(svc.image)} autoComplete="off" spellCheck={false} required data-autofocus />
            <div className="flex justify-end gap-2">
              <Button onClick={() => setImageOpen(false)}>{t("cancel")}</Button>
              <SubmitButton>{t("deployImage")}</SubmitButton>
            </div>
          </ActionForm>
        </Dialog>
      )}
      {updated && (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900">
          <span>
            {t.rich("imageDeploying", { image: updated.image, code: (c) => <span className="font-mono">{c}</span> })}{" "}
            <Link href={`/apps/${updated.appId}`} className="underline">
              {t("followDeploy")}
            </Link>
          </span>
          {updated.previousRevision !== null && (
            <ConfirmDialog
              triggerLabel={t("rollback", { revision: updated.previousRevision })}
              triggerVariant="secondary"
              title={t("rollbackTitle", { revision: updated.previousRevision })}
              description={t("rollbackBody")}
              confirmLabel={t("rollbackConfirm")}
              action={actions.rollback}
              values={{ ...values, appId: updated.appId, revision: String(updated.previousRevision) }}
              successMessage={t("rollingBack")}
              onSuccess={() => {
                setUpdated(null);
                refresh();
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}
