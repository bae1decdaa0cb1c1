// Use against quota on the tenant page (issue 16); admins edit the limits in place.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ActionForm, Card, HiddenFields, SubmitButton, TBody, Table, Td, TextField, Th, THead, Tr, type FormAction } from "@/components/ui";
import { QUOTA_KEYS, type QuotaDto, type QuotaKey } from "@/lib/quotas";

const UNIT: Record<QuotaKey, string> = { cpus: "", memoryMb: " MiB", services: "", replicas: "", ports: "", volumes: "" };
const amount = (k: QuotaKey, n: number) => (k === "cpus" ? (Math.round(n * 100) / 100).toFixed(2).replace(/0$/, "") : String(Math.round(n))) + UNIT[k];

export async function QuotaCard({ quota, canEdit, canSeeUsage, action }: { quota: QuotaDto; canEdit: boolean; canSeeUsage: boolean; action: FormAction }) {
  const t = await getTranslations("quota");
  return (
    <Card title={t("card.title")} description={t("card.description")}>
      <Table caption={t("card.title")}>
        <THead>
          <Th>{t("card.colResource")}</Th>
          <Th className="text-right">{t("card.colUsed")}</Th>
          <Th className="text-right">{t("card.colLimit")}</Th>
        </THead>
        <TBody>
          {QUOTA_KEYS.map((k) => {
            const limit = quota.limits[k];
            const over = limit !== null && quota.used[k] > limit;
            return (
              <Tr key={k}>
                <Td>{t(`names.${k}`)}</Td>
                <Td className={`text-right tabular-nums ${over ? "text-red-700" : ""}`} data-testid={`quota-used-${k}`}>
                  {amount(k, quota.used[k])}
                </Td>
                <Td className="text-right tabular-nums" data-testid={`quota-limit-${k}`}>
                  {limit === null ? t("card.unlimited") : amount(k, limit)}
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
      {!quota.own && <p className="mt-2 text-xs text-zinc-500">{t("card.defaultNote")}</p>}
      {canSeeUsage && (
        <p className="mt-2 text-sm">
          <Link href={`/usage?tenantId=${quota.tenantId}`} className="font-medium text-blue-800 hover:underline">
            {t("usage.title")}
          </Link>
        </p>
      )}
      {canEdit && (
        <ActionForm action={action} successMessage={t("card.saved")} resetOnSuccess={false} aria-label={t("card.save")} className="mt-4 space-y-3">
          <HiddenFields values={{ tenantId: quota.tenantId }} />
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
            {QUOTA_KEYS.map((k) => (
              <TextField
                key={k}
                name={k}
                label={t(`names.${k}`)}
                type="number"
                min={0}
                step={k === "cpus" ? "0.01" : "1"}
                defaultValue={quota.limits[k] ?? ""}
                placeholder={t("card.unlimited")}
              />
            ))}
          </div>
          <p className="text-xs text-zinc-500">{t("card.hint")}</p>
          <div className="flex justify-end">
            <SubmitButton>{t("card.save")}</SubmitButton>
          </div>
        </ActionForm>
      )}
    </Card>
  );
}
