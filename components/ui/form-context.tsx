"use client";
// Shared by ActionForm (which owns the state) and Field/SubmitButton (which read it), so a field
// finds its own server error by path without every page threading props through.
import { createContext, useContext, useSyncExternalStore } from "react";

export interface FormState {
  /** True once React has hydrated: before that a click would submit natively, outside our handler. */
  ready: boolean;
  pending: boolean;
  /** Field path (e.g. `portRange.to`) → message, from the last failed action. */
  fields: Record<string, string>;
}

export const FormStateContext = createContext<FormState | null>(null);

export function useFormState(): FormState | null {
  return useContext(FormStateContext);
}

const noopSubscribe = () => () => undefined;
/** false during SSR and hydration, true afterwards. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
}
