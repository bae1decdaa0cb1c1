// Secrets and configs of one environment: names, versions and the apps using them — never values.
// Owners and members add one (or give an existing name a new value: a new version, picked up at each
// app's next deploy) and delete unused ones; viewers see the list only. Compose files refer to them
// with `external: true`. The use-cases refuse anyway; hiding avoids dead controls.
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { PortalSecretDto } from "@/lib/secrets";
import {
  ActionForm,
  Card,
  ConfirmDialog,
  EmptyState,
  HiddenFields,
  SelectField,
  SubmitButton,
  TBody,
  Table,
  Td,
  TextareaField,
  TextField,
  Th,
  THead,
  Time,
  Tr,
  type FormAction,
} from "@/components/ui";

export interface PortalSecretActions {
  save: FormAction;
  remove: FormAction;
}

export function PortalSecretsCard({
  environmentId,
  secrets,
  configs,
  canManage,
  actions,
}: {
  environmentId: string;
  secrets: PortalSecretDto[];
  configs: PortalSecretDto[];
  canManage: boolean;
  actions: PortalSecretActions;
}) {
  const t = useTranslations("portalSecrets");
  const rows = [...secrets, ...configs];
  return (
    <Card title={t("title")} description={t("description")}>
      {rows.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{canManage ? t("emptyManage") : t("emptyViewer")}</EmptyState>
      ) : (
        <Table caption={t("title")}>
          <THead>
            <Th>{t("colName")}</Th>
            <Th>{t("colKind")}</Th>
            <Th>{t("colVersion")}</Th>
            <Th>{t("colUpdated")}</Th>
            <Th>{t("colUsedBy")}</Th>
            {canManage && <Th className="text-right">{t("colActions")}</Th>}
          </THead>
          <TBody>
            {rows.map((s) => (
              <Tr key={s.id}>
                <Td className="font-mono text-xs">{s.name}</Td>
                <Td>{t(`kind.${s.kind}`)}</Td>
                <Td className="tabular-nums">{s.version}</Td>
                <Td>
                  <Time value={s.updatedAt} />
                </Td>
                <Td>
                  {s.usedBy.length === 0 ? (
                    <span className="text-zinc-500">{t("unused")}</span>
                  ) : (
                    s.usedBy.map((a, i) => (
                      <span key={a.id}>
                        {i > 0 && ", "}
                        <Link href={`/apps/${a.id}`} className="text-sky-700 hover:underline">
                          {a.name}
                        </Link>
                      </span>
                    ))
                  )}
                </Td>
                {canManage && (
                  <Td className="text-right">
                    {s.usedBy.length === 0 && (
                      <ConfirmDialog
                        triggerLabel={t("delete")}
                        triggerAriaLabel={t("deleteAria", { name: s.name })}
                        title={t("deleteTitle", { name: s.name })}
                        description={t("deleteDescription")}
                        confirmLabel={t("deleteConfirm")}
                        action={actions.remove}
                        values={{ environmentId, id: s.id, kind: s.kind }}
                        successMessage={t("deleted", { name: s.name })}
                      />
                    )}
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {canManage && (
        <div className="mt-6 border-t border-zinc-100 pt-4">
          <h3 className="text-sm font-semibold text-zinc-900">{t("addTitle")}</h3>
          <p className="mb-3 text-sm text-zinc-600">{t("addHelp")}</p>
          <ActionForm action={actions.save} successMessage={t("saved")} aria-label={t("addSubmit")} className="grid grid-cols-1 gap-4 md:grid-cols-[12rem_1fr]">
            <HiddenFields values={{ environmentId }} />
            <SelectField label={t("colKind")} name="kind" defaultValue="secret" errorKeys={["kind"]}>
              <option value="secret">{t("kind.secret")}</option>
              <option value="config">{t("kind.config")}</option>
            </SelectField>
            <TextField label={t("colName")} name="name" required autoComplete="off" hint={t("nameHint")} />
            <TextareaField
              label={t("value")}
              name="value"
              required
              autoComplete="off"
              spellCheck={false}
              rows={4}
              fieldClassName="md:col-span-2"
              hint={t("valueHint")}
            />
            <div className="flex justify-end md:col-span-2">
              <SubmitButton>{t("addSubmit")}</SubmitButton>
            </div>
          </ActionForm>
        </div>
      )}
    </Card>
  );
}
