import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { pageActor } from "@/app/_lib/page-actor";
import { EmptyState, PageHeader } from "@/components/ui";
import { TemplateCard } from "@/components/store/template-card";
import { listTemplates } from "@/lib/templates";
import { ImportCatalogForm } from "@/components/store/import-catalog-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("store"))("title") };
}

const SCOPES = ["official", "market", "tenant", "personal"] as const;

export default async function StorePage({ searchParams }: { searchParams: Promise<{ q?: string; category?: string; scope?: string }> }) {
  const actor = await pageActor();
  const t = await getTranslations("store");
  const sp = await searchParams;
  const q = (sp.q ?? "").slice(0, 100);
  const category = (sp.category ?? "").slice(0, 60);
  const scope = SCOPES.find((s) => s === sp.scope);
  const [all, shown] = await Promise.all([
    listTemplates({ actor }),
    listTemplates({ actor, query: { ...(q ? { q } : {}), ...(category ? { category } : {}), ...(scope ? { scope } : {}) } }),
  ]);
  const categories = [...new Set(all.items.map((i) => i.category).filter(Boolean))].sort();
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <details className="mb-4 rounded-md border border-zinc-200 bg-white px-4 py-2">
        <summary className="cursor-pointer text-sm font-medium">{actor.platformAdmin ? t("importOfficial") : t("importOwn")}</summary>
        <div className="mt-2">
          <ImportCatalogForm official={actor.platformAdmin} />
        </div>
      </details>
      <form method="get" role="search" aria-label={t("searchAria")} className="mb-4 flex flex-wrap items-end gap-2">
        <input
          name="q"
          defaultValue={q}
          placeholder={t("search")}
          aria-label={t("search")}
          className="w-full max-w-sm rounded border border-zinc-300 px-3 py-1.5 text-sm"
        />
        <select name="category" defaultValue={category} aria-label={t("category")} className="rounded border border-zinc-300 px-2 py-1.5 text-sm">
          <option value="">{t("allCategories")}</option>
          {categories.map((c) => (
            <option key={c} value={c} translate="no">
              {c}
            </option>
          ))}
        </select>
        <select name="scope" defaultValue={scope ?? ""} aria-label={t("scopeLabel")} className="rounded border border-zinc-300 px-2 py-1.5 text-sm">
          <option value="">{t("allScopes")}</option>
          {SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`scope.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="rounded bg-zinc-900 px-3 py-1.5 text-sm text-white">
          {t("searchButton")}
        </button>
      </form>
      {shown.items.length === 0 ? (
        <EmptyState title={t("noMatch")}>{t("noMatchBody")}</EmptyState>
      ) : (
        <ul aria-label={t("listAria")} className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
          {shown.items.map((tpl) => (
            <TemplateCard key={tpl.id} template={tpl} />
          ))}
        </ul>
      )}
    </>
  );
}
