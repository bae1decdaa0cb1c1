"use client";
// Pages of a long list shown a slice at a time (issue 20: a service of 100 or 1,000 containers; as
// in Portainer's and Rancher's tables). The list itself stays whole on the client (its live query
// refreshes it); only the slice is rendered. The page stays in range when the list shrinks.
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "./button";

export interface PageOf<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
  size: number;
  setPage: (page: number) => void;
}

/** The slice of `all` on the current page (0-based) of `size` items. `total` is the length of the
 * whole list when `all` holds only its start so far (a page rendered with its first page only,
 * until its live query has loaded the rest). */
export function usePage<T>(all: readonly T[], size: number, total = all.length): PageOf<T> {
  const [wanted, setPage] = useState(0);
  const whole = Math.max(total, all.length);
  const pages = Math.max(1, Math.ceil(whole / size));
  const page = Math.min(Math.max(0, wanted), pages - 1);
  return { items: all.slice(page * size, page * size + size), page, pages, total: whole, size, setPage };
}

/** "1–25 of 100" with previous/next buttons; nothing when everything fits on one page. */
export function Pager<T>({ of, label }: { of: PageOf<T>; label: string }) {
  const t = useTranslations("uiprims");
  if (of.pages <= 1) return null;
  const from = of.page * of.size + 1;
  const to = Math.min(of.total, from + of.size - 1);
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 pt-3 text-sm text-zinc-600">
      <span aria-live="polite">{t("pagerRange", { from, to, total: of.total })}</span>
      <span className="flex gap-2">
        <Button size="sm" disabled={of.page === 0} onClick={() => of.setPage(of.page - 1)}>
          {t("previousPage")}
        </Button>
        <Button size="sm" disabled={of.page >= of.pages - 1} onClick={() => of.setPage(of.page + 1)}>
          {t("nextPage")}
        </Button>
      </span>
    </nav>
  );
}
