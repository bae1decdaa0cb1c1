import type { ReactNode } from "react";
import { Card } from "@/components/ui";

/** One part of an environment (hosts, apps): how many there are and what to do next. */
export function CountSection({ title, count, unit, children }: { title: string; count: number; unit: string; children: ReactNode }) {
  return (
    <Card title={title}>
      <p className="flex items-baseline gap-2">
        <span className="text-3xl font-semibold text-zinc-900 tabular-nums">{count}</span>
        <span className="text-sm text-zinc-500">{unit}</span>
      </p>
      <p className="mt-2 text-sm text-zinc-600">{children}</p>
    </Card>
  );
}
