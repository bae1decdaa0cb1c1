import type { Metadata } from "next";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, Card, EmptyState, PageHeader } from "@/components/ui";
import { ImageTable } from "@/components/images/image-table";
import { CopyButton } from "@/components/images/copy-button";
import { ImportOfficialForm } from "@/components/images/import-official-form";
import { getRegistryInfo, listImages, type ImageDto } from "@/lib/images";
import { can } from "@/lib/policy";
import { deleteImageAction, publishImageAction } from "./actions";

export const metadata: Metadata = { title: "Images" };

const SCOPES = [
  { scope: "personal", title: "Personal", description: "Only you can push and pull these." },
  { scope: "tenant", title: "Tenant", description: "Pushed by members, pullable by your tenants." },
  { scope: "official", title: "Official", description: "Curated by platform admins, pullable by everyone." },
  { scope: "market", title: "Marketplace", description: "Approved publications, pullable by everyone." },
] as const;

export default async function ImagesPage() {
  const actor = await pageActor();
  const [images, registry] = await Promise.all([listImages({ actor }), getRegistryInfo({ actor })]);
  const mayDelete = (i: ImageDto) =>
    i.scope === "personal" ? i.ownerId === actor.userId : i.scope === "tenant" ? can(actor, "image.delete", { tenantId: i.tenantId }) : actor.platformAdmin;
  const mayPublish = (i: ImageDto) => (i.scope === "personal" ? i.ownerId === actor.userId : i.scope === "tenant" && can(actor, "image.publish", { tenantId: i.tenantId }));
  return (
    <>
      <PageHeader title="Images" description="Container images in the platform registry: official, shared in your tenant, and your personal ones." />
      <div className="space-y-6">
        <Card title="Registry" description="Sign in with your email and your password or an API token; push to your personal namespace or a tenant's (t/<tenant-slug>/<name>).">
          <div className="flex flex-wrap items-center gap-2 font-mono text-sm">
            <span data-testid="registry-url">{registry.url}</span>
            <CopyButton text={registry.login} label="Copy login" />
            <span className="text-zinc-500">personal: {registry.url}/{registry.personalNamespace}/&lt;name&gt;</span>
          </div>
        </Card>
        {actor.platformAdmin && (
          <Card title="Import an official image" description="A tar file made by docker save; it is pushed into official/<name> and pullable by every tenant. Admins can also push to official/<name> with the docker CLI.">
            <ImportOfficialForm />
          </Card>
        )}
        {images.length === 0 ? (
          <EmptyState title="No images yet" action={<ButtonLink href="/settings/tokens">Create an API token</ButtonLink>}>
            Push an image to the platform registry with an API token as the password, or commit a running container from its page. Your images will be listed here.
          </EmptyState>
        ) : (
          SCOPES.map((s) => {
            const rows = images.filter((i) => i.scope === s.scope);
            if (rows.length === 0) return null;
            return (
              <section key={s.scope} aria-label={`${s.title} images`} className="space-y-2">
                <h2 className="text-lg font-semibold">{s.title}</h2>
                <p className="text-sm text-zinc-500">{s.description}</p>
                <ImageTable caption={`${s.title} images`} images={rows} deleteAction={deleteImageAction} publishAction={publishImageAction} canDelete={mayDelete} canPublish={mayPublish} />
              </section>
            );
          })
        )}
      </div>
    </>
  );
}
