import type { Metadata } from "next";
import { pageActor } from "@/app/_lib/page-actor";
import { EmptyState, PageHeader } from "@/components/ui";
import { MarketCard } from "@/components/marketplace/market-card";
import { listImages } from "@/lib/images";
import { listEnvironments } from "@/lib/environments";
import { can } from "@/lib/policy";
import { deployMarketImageAction } from "./actions";

export const metadata: Metadata = { title: "Marketplace" };

export default async function MarketplacePage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const actor = await pageActor();
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
      <PageHeader title="Marketplace" description="Images published for every tenant, approved by platform admins, and the official images." />
      <form method="get" role="search" className="mb-4 flex gap-2">
        <input name="q" defaultValue={q} placeholder="Search images" aria-label="Search images" className="w-full max-w-md rounded border border-zinc-300 px-3 py-1.5 text-sm" />
        <button type="submit" className="rounded bg-zinc-900 px-3 py-1.5 text-sm text-white">Search</button>
      </form>
      {images.length === 0 ? (
        <EmptyState title={q ? "No image matches" : "Nothing published yet"}>
          {actor.platformAdmin
            ? "Approve a publish request, or push an official image, and it appears here for every tenant."
            : "Publish an image from the Images page; once a platform admin approves it, it appears here for everyone."}
        </EmptyState>
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
