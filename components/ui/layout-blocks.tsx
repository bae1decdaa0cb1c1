// Page structure blocks shared by every page, so the product reads as one product.
import { useId, type ReactNode } from "react";
import { cn } from "./cn";

export function PageHeader({ title, description, actions, eyebrow }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; eyebrow?: ReactNode }) {
  return (
    <header className="mb-6 flex flex-wrap items-end justify-between gap-4 border-b border-zinc-200 pb-4">
      <div className="min-w-0">
        {eyebrow && <div className="mb-1 text-sm text-zinc-500">{eyebrow}</div>}
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        {description && <p className="mt-1 max-w-3xl text-sm text-zinc-600">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </header>
  );
}

/** A titled section. The heading names the region, so screen readers can jump between cards. */
export function Card({
  title,
  description,
  actions,
  children,
  className,
  id,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  const autoId = useId();
  const headingId = title ? `${id ?? autoId}-title` : undefined;
  return (
    <section aria-labelledby={headingId} className={cn("rounded-lg border border-zinc-200 bg-white shadow-xs", className)}>
      {title && (
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-3">
          <div>
            <h2 id={headingId} className="text-base font-semibold text-zinc-900">
              {title}
            </h2>
            {description && <p className="mt-0.5 text-sm text-zinc-600">{description}</p>}
          </div>
          {actions}
        </div>
      )}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}

/** What is empty and what to do next: never just "nothing here". */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 bg-zinc-50/50 px-6 py-8 text-center">
      <p className="text-sm font-semibold text-zinc-900">{title}</p>
      {children && <div className="mx-auto mt-1 max-w-prose text-sm text-zinc-600">{children}</div>}
      {action && <div className="mt-4 flex justify-center">{action}</div>}
    </div>
  );
}

/** Label/value pairs for details pages. */
export function DescriptionList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
      {items.map((i) => (
        <div key={i.label}>
          <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{i.label}</dt>
          <dd className="mt-0.5 text-sm text-zinc-900">{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}
