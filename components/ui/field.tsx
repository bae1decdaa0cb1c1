"use client";
// Labelled form controls. <Field> gives its control an id, aria-invalid and aria-describedby
// (hint + error) through context, and picks up the server's error for its path from ActionForm.
import {
  createContext,
  useContext,
  useId,
  type ComponentProps,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { cn, focusRing } from "./cn";
import { useFormState } from "./form-context";

interface FieldCtx {
  id: string;
  describedBy?: string;
  invalid: boolean;
}
const FieldContext = createContext<FieldCtx | null>(null);

export interface FieldProps {
  label: ReactNode;
  /** The control's name; also the default error path. */
  name?: string;
  /** Error paths this field shows (defaults to [name]); e.g. ["portRange.to", "portRange"]. */
  errorKeys?: string[];
  hint?: ReactNode;
  /** An explicit error, in addition to the ones from the form state. */
  error?: string;
  className?: string;
  children: ReactNode;
}

export function Field({ label, name, errorKeys, hint, error, className, children }: FieldProps) {
  const id = useId();
  const form = useFormState();
  const keys = errorKeys ?? (name ? [name] : []);
  const err = error ?? keys.map((k) => form?.fields[k]).find(Boolean);
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = err ? `${id}-error` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <FieldContext.Provider value={{ id, describedBy, invalid: Boolean(err) }}>{children}</FieldContext.Provider>
      {hint && (
        <p id={hintId} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {err && (
        <p id={errId} className="text-xs font-medium whitespace-pre-line text-red-700">
          {err}
        </p>
      )}
    </div>
  );
}

const control = cn(
  "block w-full rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-xs",
  "placeholder:text-zinc-400 disabled:bg-zinc-100 disabled:text-zinc-500",
  "aria-[invalid=true]:border-red-600",
  focusRing,
);

function useFieldProps(id?: string) {
  const f = useContext(FieldContext);
  return { id: id ?? f?.id, "aria-invalid": f?.invalid || undefined, "aria-describedby": f?.describedBy };
}

export function Input({ className, id, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(control, "h-10", className)} {...useFieldProps(id)} {...rest} />;
}

export function Select({ className, id, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(control, "h-10 pr-8", className)} {...useFieldProps(id)} {...rest} />;
}

// ComponentProps (not just the attributes) so callers may pass a ref (React 19: ref is a prop).
export function Textarea({ className, id, ...rest }: ComponentProps<"textarea">) {
  return <textarea className={cn(control, "py-2", className)} {...useFieldProps(id)} {...rest} />;
}

type Shared = { label: ReactNode; hint?: ReactNode; errorKeys?: string[]; fieldClassName?: string };

/** Field + Input in one, for the common case. */
export function TextField({ label, hint, errorKeys, fieldClassName, name, ...rest }: Shared & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} name={name} hint={hint} errorKeys={errorKeys} className={fieldClassName}>
      <Input name={name} {...rest} />
    </Field>
  );
}

export function SelectField({ label, hint, errorKeys, fieldClassName, name, children, ...rest }: Shared & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} name={name} hint={hint} errorKeys={errorKeys} className={fieldClassName}>
      <Select name={name} {...rest}>
        {children}
      </Select>
    </Field>
  );
}

export function TextareaField({ label, hint, errorKeys, fieldClassName, name, ...rest }: Shared & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} name={name} hint={hint} errorKeys={errorKeys} className={fieldClassName}>
      <Textarea name={name} {...rest} />
    </Field>
  );
}

/** A checkbox reads best with its label after it, so it does not use <Field>. */
export function CheckboxField({ label, hint, name, ...rest }: { label: ReactNode; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const form = useFormState();
  const err = name ? form?.fields[name] : undefined;
  const describedBy = [hint ? `${id}-hint` : "", err ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        name={name}
        aria-invalid={Boolean(err) || undefined}
        aria-describedby={describedBy}
        className={cn("mt-0.5 h-4 w-4 rounded border-zinc-300 accent-blue-700", focusRing)}
        {...rest}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-zinc-800">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-zinc-500">
            {hint}
          </p>
        )}
        {err && (
          <p id={`${id}-error`} className="text-xs font-medium whitespace-pre-line text-red-700">
            {err}
          </p>
        )}
      </div>
    </div>
  );
}
