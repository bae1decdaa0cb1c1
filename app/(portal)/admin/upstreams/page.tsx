import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { requestPreferences } from "@/lib/i18n/request-preferences";
import { localizeStoredText } from "@/lib/i18n/stored-text";
import { listUpstreams } from "@/lib/replication";
import { pageActor } from "@/app/_lib/page-actor";
import { AdminOnly } from "@/components/shell/admin-only";
import {
  ActionForm,
  Badge,
  Card,
  ConfirmDialog,
  DescriptionList,
  EmptyState,
  PageHeader,
  SubmitButton,
  TBody,
  Table,
  Td,
  TextField,
  TextareaField,
  Th,
  THead,
  Time,
  Tr,
} from "@/components/ui";
import { UpstreamSyncButton } from "@/components/replication/upstream-sync-button";
import { createUpstreamAction, deleteUpstreamAction } from "./actions";

export const generateMetadata = pageTitle("upstreams");

const TONE = { ok: "green", partial: "amber", failed: "red" } as const;

export default async function UpstreamsPage() {
  const actor = await pageActor();
  const t = await getTranslations("upstreamsPage");
  if (!actor.platformAdmin) return <AdminOnly title={t("title")} />;
  const { locale } = await requestPreferences();
  const { items } = await listUpstreams({ actor });
  return (
    <>
      <PageHeader eyebrow={t("eyebrow")} title={t("title")} description={t("description")} />
      <div className="space-y-6">
        {items.length === 0 && <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>}
        {items.map((u) => (
          <Card key={u.id} title={u.name} description={u.registry.url}>
            <div className="space-y-4">
              <DescriptionList
                items={[
                  { label: t("credentials"), value: u.registry.hasPassword ? t("credentialsSet", { user: u.registry.username ?? "" }) : t("credentialsNone") },
                  { label: t("schedule"), value: u.scheduleMinutes ? t("every", { minutes: u.scheduleMinutes }) : t("onDemand") },
                  {
                    label: t("lastSync"),
                    value: u.lastSyncAt ? (
                      <span className="flex items-center gap-2">
                        <Time value={u.lastSyncAt} relative />
                        {u.lastStatus && <Badge tone={TONE[u.lastStatus]}>{t(`status.${u.lastStatus}`)}</Badge>}
                      </span>
                    ) : (
                      t("never")
                    ),
                  },
                  { label: t("nextSync"), value: u.nextSyncAt ? <Time value={u.nextSyncAt} relative /> : "—" },
                ]}
              />
              {u.lastError && (
                <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
                  {localizeStoredText(locale, u.lastError)}
                </p>
              )}
              <Table caption={t("repositoriesCaption", { name: u.name })}>
                <THead>
                  <Th>{t("colUpstream")}</Th>
                  <Th>{t("colOfficial")}</Th>
                  <Th>{t("colPatterns")}</Th>
                  <Th className="text-right">{t("colCopied")}</Th>
                  <Th className="text-right">{t("colUnchanged")}</Th>
                  <Th className="text-right">{t("colFailed")}</Th>
                </THead>
                <TBody>
                  {u.repositories.map((r) => {
                    const rep = u.lastReport.find((x) => x.target === r.target);
                    const failedTags = rep?.items.filter((i) => i.status === "failed") ?? [];
                    return (
                      <Tr key={r.target}>
                        <Td className="font-mono text-xs">{r.repository}</Td>
                        <Td className="font-mono text-xs">{`official/${r.target}`}</Td>
                        <Td className="font-mono text-xs">{r.tagPatterns.length ? r.tagPatterns.join(" ") : t("allTags")}</Td>
                        <Td className="text-right tabular-nums">{rep ? rep.copied : "—"}</Td>
                        <Td className="text-right tabular-nums">{rep ? rep.unchanged : "—"}</Td>
                        <Td className="text-right tabular-nums">
                          {rep ? rep.failed : "—"}
                          {rep?.error && <p className="mt-1 text-left text-xs text-red-700">{localizeStoredText(locale, rep.error)}</p>}
                          {failedTags.map((f) =>
                            f.status === "failed" ? (
                              <p key={f.tag} className="mt-1 text-left text-xs text-red-700">
                                <code>{f.tag}</code>:{" "}
                                {localizeStoredText(locale, { message: f.error.message, messageKey: f.error.key, messageParams: f.error.params })}
                              </p>
                            ) : null,
                          )}
                        </Td>
                      </Tr>
                    );
                  })}
                </TBody>
              </Table>
              <div className="flex flex-wrap items-start justify-between gap-3">
                <UpstreamSyncButton upstreamId={u.id} name={u.name} />
                <ConfirmDialog
                  triggerLabel={t("delete")}
                  triggerAriaLabel={t("deleteAria", { name: u.name })}
                  title={t("deleteTitle", { name: u.name })}
                  description={t("deleteHelp")}
                  confirmText={u.name}
                  confirmLabel={t("delete")}
                  action={deleteUpstreamAction}
                  values={{ upstreamId: u.id }}
                  successMessage={t("deleted", { name: u.name })}
                />
              </div>
            </div>
          </Card>
        ))}
        <Card title={t("create")}>
          <ActionForm action={createUpstreamAction} successMessage={t("created")} aria-label={t("create")}>
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
              <TextField label={t("name")} name="name" required autoComplete="off" spellCheck={false} hint={t("nameHint")} />
              <TextField
                label={t("registryUrl")}
                name="registryUrl"
                type="url"
                required
                placeholder="http://10.20.0.9:5000"
                autoComplete="off"
                spellCheck={false}
                hint={t("registryUrlHint")}
                errorKeys={["registry.url", "registry"]}
              />
              <TextField label={t("username")} name="registryUsername" autoComplete="off" spellCheck={false} errorKeys={["registry.username"]} />
              <TextField label={t("password")} name="registryPassword" type="password" autoComplete="new-password" errorKeys={["registry.password"]} />
              <TextareaField
                label={t("repositories")}
                name="repositories"
                required
                rows={4}
                spellCheck={false}
                className="font-mono text-xs"
                placeholder={"library/nginx nginx 1.27* !*-rc\nlibrary/redis"}
                hint={t("repositoriesHint")}
                errorKeys={[
                  "repositories",
                  ...Array.from({ length: 10 }, (_, i) => [`repositories.${i}.repository`, `repositories.${i}.target`, `repositories.${i}.tagPatterns`]).flat(),
                ]}
                fieldClassName="col-span-full"
              />
              <TextField label={t("scheduleMinutes")} name="scheduleMinutes" type="number" min={5} max={10080} hint={t("scheduleHint")} />
            </div>
            <div className="mt-4 flex justify-end">
              <SubmitButton>{t("create")}</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
