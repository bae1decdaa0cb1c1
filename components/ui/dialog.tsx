"use client";
// A modal dialog on Radix Dialog: focus trap, Escape, the rest of the page hidden from assistive
// tech, focus back to the opener on close. Controlled by the caller (open/onClose). Focus goes to
// the body's [data-autofocus] field, else its first field (not the header's close button). A click
// outside does not close it (a half-filled form would be lost).
import * as D from "@radix-ui/react-dialog";
import { useRef, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { cn, focusRing } from "./cn";

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Extra classes for the panel; a max-w-* here replaces the default width. */
  className?: string;
}

const FOCUSABLE = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href]';

export function Dialog({ open, onClose, title, description, children, className }: DialogProps) {
  const t = useTranslations("common");
  const body = useRef<HTMLDivElement>(null);
  // The element that had focus when the dialog opened: focus goes back to it on close. Radix does
  // that only for its own Trigger, and the callers open their dialogs from buttons of their own.
  const opener = useRef<HTMLElement | null>(null);
  return (
    <D.Root open={open} onOpenChange={(o) => !o && onClose()}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-zinc-950/40" />
        <D.Content
          {...(description ? {} : { "aria-describedby": undefined })}
          onOpenAutoFocus={(e) => {
            opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
            const b = body.current;
            const target = b?.querySelector<HTMLElement>("[data-autofocus]") ?? b?.querySelector<HTMLElement>(FOCUSABLE);
            if (target) {
              e.preventDefault();
              target.focus();
            }
          }}
          onCloseAutoFocus={(e) => {
            const o = opener.current;
            if (o?.isConnected) {
              e.preventDefault();
              o.focus();
            }
          }}
          onPointerDownOutside={(e) => e.preventDefault()}
          className={cn(
            "fixed top-1/2 left-1/2 z-50 max-h-[calc(100vh-2rem)] w-[calc(100%-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-zinc-200 bg-white text-left text-zinc-900 shadow-xl focus:outline-none",
            !className?.includes("max-w-") && "max-w-md",
            className,
          )}
        >
          <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-5 py-4">
            <div>
              <D.Title className="text-base font-semibold">{title}</D.Title>
              {description && (
                <D.Description asChild>
                  <div className="mt-1 text-sm text-zinc-600">{description}</div>
                </D.Description>
              )}
            </div>
            <D.Close aria-label={t("closeDialog")} className={cn("rounded px-1 text-xl leading-none text-zinc-500 hover:text-zinc-900", focusRing)}>
              ×
            </D.Close>
          </div>
          <div ref={body} className="px-5 py-4">
            {children}
          </div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
