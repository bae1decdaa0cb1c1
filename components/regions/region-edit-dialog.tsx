"use client";
// Edit a region in a dialog (the admin regions page): the same fields as the create form.
import { useState } from "react";
import { useTranslations } from "next-intl";
import { ActionForm, Button, Dialog, HiddenFields, SubmitButton, type FormAction } from "@/components/ui";
import type { RegionDto } from "@/lib/regions";
import { RegionFormFields } from "./region-form-fields";

export function RegionEditDialog({ region, action }: { region: RegionDto; action: FormAction }) {
  const t = useTranslations("regions.page");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} aria-label={t("editAria", { name: region.name })} aria-haspopup="dialog">
        {t("edit")}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t("editTitle", { name: region.name })} className="max-w-xl">
        <ActionForm
          action={action}
          resetOnSuccess={false}
          successMessage={t("saved", { name: region.name })}
          onSuccess={() => setOpen(false)}
          aria-label={t("editTitle", { name: region.name })}
        >
          <HiddenFields values={{ regionId: region.id }} />
          <RegionFormFields region={region} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>{t("cancel")}</Button>
            <SubmitButton>{t("save")}</SubmitButton>
          </div>
        </ActionForm>
      </Dialog>
    </>
  );
}
