import { getTranslations } from "next-intl/server";
import { pageActor } from "@/app/_lib/page-actor";
import { listIdentityProviders } from "@/lib/identity/providers";
import { listGroupMappings } from "@/lib/identity/mappings";
import { listTenants } from "@/lib/tenants";
import { Card, PageHeader, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { AdminOnly } from "@/components/shell/admin-only";
import { AddMappingForm, AddProviderForm, DeleteMappingButton, ProviderActions } from "@/components/identity/identity-admin";

function lastSync(text: string): string {
  try {
    return (JSON.parse(text) as { message?: string }).message ?? "";
  } catch {
    return "";
  }
}

export default async function AdminIdentityPage() {
  const actor = await pageActor();
  const t = await getTranslations("identity.admin");
  if (!actor.platformAdmin) return <AdminOnly title={t("title")} />;
  const providers = (await listIdentityProviders({ actor })).items;
  const mappings = (await listGroupMappings({ actor })).items;
  const tenants = (await listTenants({ actor, query: { limit: 500 } })).items.map((x) => ({ id: x.id, name: x.name }));
  const nameOf = (id: string | null) => tenants.find((x) => x.id === id)?.name ?? id ?? "";
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        {providers.map((p) => (
          <Card key={p.id} title={`${p.name} (${p.kind === "ldap" ? "LDAP" : "OIDC"}${p.enabled ? "" : ", " + t("disabled")})`}>
            <p className="mb-2 text-sm text-zinc-600">
              {t("secretSet", { set: p.secretSet ? "yes" : "no" })} · {t("lastSync")}:{" "}
              {p.lastSyncAt ? `${new Date(p.lastSyncAt).toISOString()} — ${lastSync(p.lastSyncResult)}` : t("never")}
            </p>
            <ProviderActions providerId={p.id} kind={p.kind} />
          </Card>
        ))}
        <Card title={t("mappings")}>
          <Table caption={t("mappings")}>
            <THead>
              <Th>{t("provider")}</Th>
              <Th>{t("group")}</Th>
              <Th>{t("target")}</Th>
              <Th>{t("role")}</Th>
              <Th>{""}</Th>
            </THead>
            <TBody>
              {mappings.map((m) => (
                <Tr key={m.id}>
                  <Td>{providers.find((p) => p.id === m.providerId)?.name}</Td>
                  <Td className="font-mono text-xs">{m.group}</Td>
                  <Td>{m.platformAdmin ? t("platformAdmin") : nameOf(m.tenantId)}</Td>
                  <Td>{m.role ?? ""}</Td>
                  <Td>
                    <DeleteMappingButton mappingId={m.id} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          {providers.length > 0 && (
            <div className="mt-4">
              <AddMappingForm providers={providers.map((p) => ({ id: p.id, name: p.name }))} tenants={tenants} />
            </div>
          )}
        </Card>
        <AddProviderForm />
      </div>
    </>
  );
}
