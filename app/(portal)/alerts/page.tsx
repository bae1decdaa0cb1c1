// Alerts: the rules of the caller's tenants (owners create, silence, disable, delete), the alert
// history, and the in-portal notification list with each delivery's outcome.
import { getTranslations } from "next-intl/server";
import { listAlertRules, listAlerts, listNotifications, ALERT_KINDS } from "@/lib/alerts";
import { listEnvironments } from "@/lib/environments";
import { can } from "@/lib/policy";
import { getMe } from "@/lib/users";
import { pageActor } from "@/app/_lib/page-actor";
import {
  ActionForm,
  Badge,
  Card,
  ConfirmDialog,
  EmptyState,
  HiddenFields,
  PageHeader,
  SelectField,
  SubmitButton,
  TBody,
  Table,
  Td,
  TextField,
  Th,
  THead,
  Time,
  Tr,
} from "@/components/ui";
import { createAlertRuleAction, deleteAlertRuleAction, updateAlertRuleAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("observe");
  return { title: t("alerts.title") };
}

export default async function AlertsPage() {
  const actor = await pageActor();
  const t = await getTranslations("observe");
  const [me, rules, alerts, notes, envs] = await Promise.all([
    getMe({ actor }),
    listAlertRules({ actor }),
    listAlerts({ actor }),
    listNotifications({ actor }),
    listEnvironments({ actor, query: { limit: 500 } }),
  ]);
  const manageable = me.memberships.filter((m) => can(actor, "alert.manage", { tenantId: m.tenantId }));
  const envName = new Map(envs.items.map((e) => [e.id, e.name]));
  const stateTone = (s: string) => (s === "firing" ? "red" : s === "pending" ? "amber" : "green");

  return (
    <>
      <PageHeader title={t("alerts.title")} description={t("alerts.description")} />
      <div className="space-y-6">
        <Card title={t("alerts.notifications")}>
          {notes.items.length === 0 ? (
            <p className="text-sm text-zinc-600">{t("alerts.noNotifications")}</p>
          ) : (
            <Table caption={t("alerts.notifications")}>
              <THead>
                <Th>{t("alerts.colWhen")}</Th>
                <Th>{t("alerts.colEvent")}</Th>
                <Th>{t("alerts.colRule")}</Th>
                <Th>{t("alerts.colSubject")}</Th>
                <Th>{t("alerts.colWebhook")}</Th>
                <Th>{t("alerts.colEmail")}</Th>
              </THead>
              <TBody>
                {notes.items.slice(0, 50).map((n) => (
                  <Tr key={n.id}>
                    <Td className="text-xs text-zinc-600">
                      <Time value={n.createdAt} />
                    </Td>
                    <Td>
                      <Badge tone={n.event === "firing" ? "red" : "green"}>{t(`alerts.event.${n.event}`)}</Badge>
                    </Td>
                    <Td>{n.ruleName}</Td>
                    <Td className="font-mono text-xs">{n.label}</Td>
                    <Td className="text-xs">{n.webhook ?? "—"}</Td>
                    <Td className="text-xs">{n.email ?? "—"}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>

        <Card title={t("alerts.rules")}>
          {rules.items.length === 0 ? (
            <EmptyState title={t("alerts.noRulesTitle")}>{t("alerts.noRulesBody")}</EmptyState>
          ) : (
            <Table caption={t("alerts.rules")}>
              <THead>
                <Th>{t("alerts.colName")}</Th>
                <Th>{t("alerts.colKind")}</Th>
                <Th>{t("alerts.colScope")}</Th>
                <Th>{t("alerts.colState")}</Th>
                <Th className="text-right">{t("alerts.colActions")}</Th>
              </THead>
              <TBody>
                {rules.items.map((r) => {
                  const mayManage = can(actor, "alert.manage", { tenantId: r.tenantId });
                  const silenced = r.silencedUntil && new Date(r.silencedUntil) > new Date();
                  return (
                    <Tr key={r.id}>
                      <Td className="font-medium">{r.name}</Td>
                      <Td>
                        {t(`kinds.${r.kind}`)}
                        {r.threshold !== null && <span className="ml-1 text-xs text-zinc-600">({r.threshold})</span>}
                        {r.forSeconds > 0 && (
                          <span className="ml-1 text-xs text-zinc-600">{t("alerts.forMinutes", { minutes: Math.round(r.forSeconds / 6) / 10 })}</span>
                        )}
                      </Td>
                      <Td className="text-xs">{r.environmentId ? (envName.get(r.environmentId) ?? r.environmentId) : t("alerts.wholeTenant")}</Td>
                      <Td>
                        {!r.enabled ? (
                          <Badge>{t("alerts.disabled")}</Badge>
                        ) : silenced ? (
                          <Badge tone="amber">
                            {t("alerts.silencedUntil")} <Time value={r.silencedUntil!} />
                          </Badge>
                        ) : (
                          <Badge tone="green">{t("alerts.active")}</Badge>
                        )}
                      </Td>
                      <Td className="text-right">
                        {mayManage && (
                          <div className="flex justify-end gap-2">
                            <ActionForm action={updateAlertRuleAction} aria-label={t("alerts.silenceAria", { name: r.name })}>
                              <HiddenFields values={{ ruleId: r.id, op: "silence", minutes: silenced ? "0" : "60" }} />
                              <SubmitButton variant="secondary">{silenced ? t("alerts.unsilence") : t("alerts.silence")}</SubmitButton>
                            </ActionForm>
                            <ActionForm action={updateAlertRuleAction} aria-label={t("alerts.toggleAria", { name: r.name })}>
                              <HiddenFields values={{ ruleId: r.id, op: r.enabled ? "disable" : "enable" }} />
                              <SubmitButton variant="secondary">{r.enabled ? t("alerts.disable") : t("alerts.enable")}</SubmitButton>
                            </ActionForm>
                            <ConfirmDialog
                              triggerLabel={t("alerts.delete")}
                              triggerAriaLabel={t("alerts.deleteAria", { name: r.name })}
                              title={t("alerts.deleteTitle", { name: r.name })}
                              description={t("alerts.deleteHelp")}
                              confirmText={r.name}
                              confirmLabel={t("alerts.delete")}
                              action={deleteAlertRuleAction}
                              values={{ ruleId: r.id }}
                              successMessage={t("alerts.deleted")}
                            />
                          </div>
                        )}
                      </Td>
                    </Tr>
                  );
                })}
              </TBody>
            </Table>
          )}
        </Card>

        {manageable.length > 0 && (
          <Card title={t("alerts.newRule")} description={t("alerts.newRuleHelp")}>
            <ActionForm
              action={createAlertRuleAction}
              successMessage={t("alerts.created")}
              aria-label={t("alerts.newRule")}
              className="grid grid-cols-1 gap-4 md:grid-cols-2"
            >
              <SelectField label={t("alerts.tenant")} name="tenantId" required>
                {manageable.map((m) => (
                  <option key={m.tenantId} value={m.tenantId}>
                    {m.tenantName}
                  </option>
                ))}
              </SelectField>
              <TextField label={t("alerts.name")} name="name" required maxLength={80} />
              <SelectField label={t("alerts.kind")} name="kind" required>
                {ALERT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField label={t("alerts.environment")} name="environmentId">
                <option value="">{t("alerts.wholeTenant")}</option>
                {envs.items
                  .filter((e) => manageable.some((m) => m.tenantId === e.tenantId))
                  .map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.name}
                    </option>
                  ))}
              </SelectField>
              <TextField label={t("alerts.threshold")} name="threshold" type="number" min={0} step="any" hint={t("alerts.thresholdHint")} />
              <TextField label={t("alerts.forMinutesLabel")} name="forMinutes" type="number" min={0} step="any" defaultValue="5" />
              <TextField
                label={t("alerts.webhookUrl")}
                name="webhookUrl"
                type="url"
                placeholder={t("alerts.webhookPlaceholder")}
                hint={t("alerts.webhookHint")}
              />
              <TextField label={t("alerts.webhookSecret")} name="webhookSecret" type="password" autoComplete="new-password" />
              <TextField label={t("alerts.emails")} name="emails" hint={t("alerts.emailsHint")} fieldClassName="md:col-span-2" />
              <div className="md:col-span-2">
                <SubmitButton>{t("alerts.create")}</SubmitButton>
              </div>
            </ActionForm>
          </Card>
        )}

        <Card title={t("alerts.history")}>
          {alerts.items.length === 0 ? (
            <p className="text-sm text-zinc-600">{t("alerts.noHistory")}</p>
          ) : (
            <Table caption={t("alerts.history")}>
              <THead>
                <Th>{t("alerts.colSince")}</Th>
                <Th>{t("alerts.colRule")}</Th>
                <Th>{t("alerts.colSubject")}</Th>
                <Th>{t("alerts.colState")}</Th>
                <Th className="text-right">{t("alerts.colValue")}</Th>
                <Th>{t("alerts.colResolved")}</Th>
              </THead>
              <TBody>
                {alerts.items.map((a) => (
                  <Tr key={a.id}>
                    <Td className="text-xs text-zinc-600">
                      <Time value={a.since} />
                    </Td>
                    <Td>{a.ruleName}</Td>
                    <Td className="font-mono text-xs">{a.label}</Td>
                    <Td>
                      <Badge tone={stateTone(a.state)}>{t(`alerts.state.${a.state}`)}</Badge>
                    </Td>
                    <Td className="text-right tabular-nums">{a.value ?? "—"}</Td>
                    <Td className="text-xs text-zinc-600">{a.resolvedAt ? <Time value={a.resolvedAt} /> : "—"}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
