"use client";
// Unexpected failures while rendering a portal page. Server messages are not shown here (Next
// hides them in production anyway); the digest lets an operator find the entry in the portal log.
import { Button, EmptyState } from "@/components/ui";

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="py-8">
      <h1 className="mb-4 text-2xl font-semibold">Something went wrong</h1>
      <EmptyState title="This page could not be loaded." action={<Button onClick={reset}>Try again</Button>}>
        Try again in a moment. If it keeps failing, give your administrator this reference: <code>{error.digest ?? "n/a"}</code>
      </EmptyState>
    </div>
  );
}
