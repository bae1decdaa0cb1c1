"use client";
// Native <dialog> opened with showModal(): the browser makes the rest of the page inert and
// handles Escape. We keep React state in sync with its cancel/close events, move focus into the
// dialog on open and give it back to the opener on close.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { cn, focusRing } from "./cn";

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
}

const FOCUSABLE = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href]';

export function Dialog({ open, onClose, title, description, children, className }: DialogProps) {
  const t = useTranslations("common");
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement as HTMLElement | null;
      d.showModal();
      const body = d.querySelector<HTMLElement>("[data-dialog-body]");
      (body?.querySelector<HTMLElement>("[data-autofocus]") ?? body?.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      // Escape fires "cancel": let the parent decide (it closes by setting open=false).
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClose={() => {
        if (open) onClose();
        opener.current?.focus();
      }}
      // Preflight zeroes margins (the dialog would sit top-left); text-left because a dialog opened
      // from a right-aligned table cell inherits that alignment.
      className={cn(
        "m-auto w-full max-w-md rounded-lg text-left border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40",
        className,
      )}
    >
      <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-5 py-4">
        <div>
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          {description && (
            <div id={descId} className="mt-1 text-sm text-zinc-600">
              {description}
            </div>
          )}
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label={t("closeDialog")}
          className={cn("rounded px-1 text-xl leading-none text-zinc-500 hover:text-zinc-900", focusRing)}
        >
          ×
        </button>
      </div>
      <div data-dialog-body className="px-5 py-4">
        {open && children}
      </div>
    </dialog>
  );
}
