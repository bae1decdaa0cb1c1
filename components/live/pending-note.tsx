"use client";
// A progress line inside an ActionForm while its action runs: for actions that wait on an engine
// (adding a host, deploying) a spinning button alone does not say why it takes seconds.
import type { ReactNode } from "react";
import { Spinner } from "@/components/ui";
import { useFormState } from "@/components/ui/form-context";

export function PendingNote({ children }: { children: ReactNode }) {
  const pending = useFormState()?.pending ?? false;
  return (
    <p role="status" aria-live="polite" className="flex min-h-5 items-center gap-2 text-sm text-blue-900">
      {pending && (
        <>
          <Spinner className="text-blue-700" />
          {children}
        </>
      )}
    </p>
  );
}
