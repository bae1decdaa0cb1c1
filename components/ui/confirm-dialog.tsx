"use client";
// A button that opens a confirmation dialog and runs a server action. For destructive actions on
// named objects, `confirmText` makes the user type the name first (no accidental deletes).
import { useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { ActionForm, HiddenFields, SubmitButton, type FormAction } from "./action-form";
import { Button, type ButtonSize, type ButtonVariant } from "./button";
import { Dialog } from "./dialog";
import { TextField } from "./field";

export interface ConfirmDialogProps {
  /** Label of the button that opens the dialog. */
  triggerLabel: string;
  /** Accessible name of the trigger when its label alone is ambiguous in a table ("Remove" → "Remove ann@x"). */
  triggerAriaLabel?: string;
  triggerVariant?: ButtonVariant;
  triggerSize?: ButtonSize;
  /** Title, description and success message may be functions, asked only when the dialog opens:
   * for a table's rows, or a page's actions, that would otherwise format each of them per render. */
  title: string | (() => string);
  description?: ReactNode | (() => ReactNode);
  /** When set, the confirm button stays disabled until this exact text is typed. */
  confirmText?: string;
  confirmLabel: string;
  action: FormAction;
  /** Ids the action needs, sent as hidden inputs. */
  values: Record<string, string>;
  successMessage?: string | (() => string);
  redirectTo?: string;
  /** Client components only: e.g. follow the job the action started, refresh a live query. */
  onSuccess?: (data: unknown) => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { triggerLabel, triggerAriaLabel, triggerVariant = "danger", triggerSize = "sm" } = props;
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={triggerVariant} size={triggerSize} onClick={() => setOpen(true)} aria-label={triggerAriaLabel} aria-haspopup="dialog">
        {triggerLabel}
      </Button>
      {/* Mounted only while open: a table of 100 rows with two actions each renders 200 buttons, not
          200 dialogs with their forms and hooks (the service page's server render). */}
      {open && <ConfirmBody {...props} close={() => setOpen(false)} />}
    </>
  );
}

function ConfirmBody(props: ConfirmDialogProps & { close: () => void }) {
  const { confirmText, confirmLabel, close } = props;
  const title = typeof props.title === "function" ? props.title() : props.title;
  const description = typeof props.description === "function" ? props.description() : props.description;
  const successMessage = typeof props.successMessage === "function" ? props.successMessage() : props.successMessage;
  const t = useTranslations("common");
  const [typed, setTyped] = useState("");
  const matches = !confirmText || typed.trim() === confirmText;
  return (
    <Dialog open onClose={close} title={title} description={description}>
      <ActionForm
        action={props.action}
        successMessage={successMessage}
        redirectTo={props.redirectTo}
        onSuccess={(data) => {
          close();
          props.onSuccess?.(data);
        }}
        aria-label={title}
      >
        <HiddenFields values={props.values} />
        {confirmText && (
          <TextField
            label={t.rich("typeToConfirm", { text: confirmText, code: (chunks) => <span className="font-mono font-semibold">{chunks}</span> })}
            name="confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>{t("cancel")}</Button>
          <SubmitButton variant="danger" disabled={!matches}>
            {confirmLabel}
          </SubmitButton>
        </div>
      </ActionForm>
    </Dialog>
  );
}
