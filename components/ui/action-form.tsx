"use client";
// The one way a form calls a server action: useActionState for the result, the top-level error
// above the fields, per-field errors (by path) next to each Field, a toast and a reset on success.
//
// Why onSubmit + startTransition instead of <form action={…}>: React resets a form after every
// action passed as `action`, which would wipe what the user typed when the server rejects it.
// Submitting before hydration is prevented by keeping SubmitButton disabled until hydrated
// (implicit Enter submission is blocked too while the only submit button is disabled).
import { startTransition, useActionState, useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/http/server-action";
import { Button, type ButtonProps } from "./button";
import { FormStateContext, useFormState, useHydrated } from "./form-context";
import { useToast } from "./toast";

export type FormAction<T = unknown> = (formData: FormData) => Promise<ActionResult<T>>;

export interface ActionFormProps<T> {
  action: FormAction<T>;
  children: ReactNode;
  /** Toast text on success. */
  successMessage?: string;
  /** Navigate here on success (e.g. after deleting the object the page shows). */
  redirectTo?: string;
  resetOnSuccess?: boolean;
  /** Client components only: functions cannot cross from a server component. */
  onSuccess?: (data: T) => void;
  className?: string;
  /** Names the form for assistive tech (and gives it the "form" role). */
  "aria-label"?: string;
}

export function ActionForm<T>({ action, children, successMessage, redirectTo, resetOnSuccess = true, onSuccess, className, ...aria }: ActionFormProps<T>) {
  const toast = useToast();
  const router = useRouter();
  // The toast and the redirect run here, not in the effect below: the page the action refreshes
  // may no longer render this form (a deleted app loses its Delete button in the same render), and
  // an unmounted form's effects never run.
  const [state, run, pending] = useActionState<ActionResult<T> | null, FormData>(async (_prev, fd) => {
    const result = await action(fd);
    if (result.ok) {
      if (successMessage) toast.show(successMessage);
      if (redirectTo) router.push(redirectTo);
    }
    return result;
  }, null);
  const ready = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // Reacts once per result: every action call returns a new object.
  useEffect(() => {
    if (!state) return;
    if (state.ok) {
      if (resetOnSuccess) formRef.current?.reset();
      onSuccess?.(state.data);
      return;
    }
    // Move focus to the first field the server rejected, else to the message, so keyboard and
    // screen-reader users land on what needs fixing.
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? errorRef.current)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new result should trigger this, not new callback identities
  }, [state]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const fd = new FormData(e.currentTarget, submitter);
    startTransition(() => run(fd));
  }

  const failed = state && !state.ok ? state.error : null;
  return (
    <FormStateContext.Provider value={{ ready, pending, fields: failed?.fields ?? {} }}>
      <form ref={formRef} method="post" onSubmit={onSubmit} className={className ?? "space-y-4"} aria-busy={pending || undefined} {...aria}>
        {failed && (
          <div ref={errorRef} tabIndex={-1} role="alert" className="col-span-full rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            {failed.message}
          </div>
        )}
        {children}
      </form>
    </FormStateContext.Provider>
  );
}

/** The submit button of an ActionForm: disabled until hydrated and while the action runs. */
export function SubmitButton({ children, variant = "primary", disabled, ...rest }: ButtonProps) {
  const form = useFormState();
  return (
    <Button type="submit" variant={variant} loading={form?.pending} disabled={!form?.ready || disabled} {...rest}>
      {children}
    </Button>
  );
}

/** Hidden inputs for ids the action needs (the use-case still authorizes them). */
export function HiddenFields({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}
