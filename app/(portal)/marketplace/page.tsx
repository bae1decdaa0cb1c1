import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { pageActor } from "@/app/_lib/page-actor";
import { EmptyState, PageHeader } from "@/components/ui";
import { MarketCard } from "@/components/marketplace/market-card";
import { listImages } from "@/lib/images";
import { listEnvironments } from "@/lib/environments";
import { can } from "@/lib/policy";
import { deployMarketImageAction } from "./actions";

export const generateMetadata = pageTitle("marketplace");

export default async function MarketplacePage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const actor = await pageActor();
  const t = await getTranslations("marketplace");
  const q = ((await searchParams).q ?? "").slice(0, 100);
  const [market, official, envs] = await Promise.all([
    listImages({ actor, query: { scope: "market", ...(q ? { q } : {}) } }),
    listImages({ actor, query: { scope: "official", ...(q ? { q } : {}) } }),
    listEnvironments({ actor, query: { limit: 200 } }),
  ]);
  const deployable = envs.items.filter((e) => can(actor, "app.deploy", { tenantId: e.tenantId })).map((e) => ({ id: e.id, name: e.name }));
  const images = [...market, ...official];
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <form method="get" role="search" className="mb-4 flex gap-2">
        <input
          name="q"
          defaultValue={q}
          placeholder={t("search")}
          aria-label={t("search")}
          className="w-full max-w-md rounded border border-zinc-300 px-3 py-1.5 text-sm"
        />
        <button type="submit" className="rounded bg-zinc-900 px-3 py-1.5 text-sm text-white">
          {t("searchButton")}
        </button>
      </form>
      {images.length === 0 ? (
        <EmptyState title={q ? t("noMatch") : t("emptyTitle")}>{actor.platformAdmin ? t("emptyAdmin") : t("emptyUser")}</EmptyState>
      ) : (
        <div className="space-y-4">
          {images.map((i) => (
            <MarketCard key={i.id} image={i} environments={deployable} deployAction={deployMarketImageAction} />
          ))}
        </div>
      )}
    </>
  );
}
