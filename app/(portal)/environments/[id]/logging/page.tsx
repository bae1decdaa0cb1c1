// An environment's logging target: members see where their services' logs go; platform admins set
// or remove it (syslog over TCP/UDP, GELF, Fluentd). It applies from each service's next deploy.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getEnvironment } from "@/lib/environments";
import { getEnvironmentLogging, LOG_DRIVERS } from "@/lib/logging";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { ActionForm, Card, ConfirmDialog, DescriptionList, HiddenFields, PageHeader, SelectField, SubmitButton, TextField, Time } from "@/components/ui";
import { clearLoggingAction, setLoggingAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("observe");
  return { title: t("logging.title") };
}

export default async function EnvironmentLoggingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const t = await getTranslations("observe");
  const env = await orNotFound(getEnvironment({ actor, environmentId: id }));
  const { target } = await getEnvironmentLogging({ actor, environmentId: id });
  const mayManage = can(actor, "logging.manage", { tenantId: env.tenantId });

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/environments/${env.id}`} className="hover:underline">
            {env.name}
          </Link>
        }
        title={t("logging.title")}
        description={t("logging.description")}
      />
      <div className="space-y-6">
        <Card title={t("logging.current")}>
          {target ? (
            <DescriptionList
              items={[
                { label: t("logging.driver"), value: t(`logging.drivers.${target.driver}`) },
                { label: t("logging.address"), value: <span className="font-mono">{`${target.address}:${target.port}`}</span> },
                { label: t("logging.protocol"), value: t(`logging.protocols.${target.driver === "fluentd" ? "tcp" : target.protocol}`) },
                { label: t("logging.tag"), value: <span className="font-mono">{t("logging.tagFormat")}</span> },
                { label: t("logging.updated"), value: <Time value={target.updatedAt} /> },
              ]}
            />
          ) : (
            <p className="text-sm text-zinc-600">{t("logging.none")}</p>
          )}
          <p className="mt-3 text-xs text-zinc-600">{t("logging.appliesNextDeploy")}</p>
        </Card>
        {mayManage ? (
          <Card title={t("logging.set")}>
            <ActionForm
              action={setLoggingAction}
              successMessage={t("logging.saved")}
              resetOnSuccess={false}
              aria-label={t("logging.set")}
              className="grid grid-cols-1 gap-4 md:grid-cols-4"
            >
              <HiddenFields values={{ environmentId: env.id }} />
              <SelectField label={t("logging.driver")} name="driver" defaultValue={target?.driver ?? "syslog"}>
                {LOG_DRIVERS.map((d) => (
                  <option key={d} value={d}>
                    {t(`logging.drivers.${d}`)}
                  </option>
                ))}
              </SelectField>
              <TextField label={t("logging.address")} name="address" required defaultValue={target?.address} placeholder={t("logging.addressPlaceholder")} />
              <TextField label={t("logging.port")} name="port" type="number" min={1} max={65535} required defaultValue={target?.port ?? 514} />
              <SelectField label={t("logging.protocol")} name="protocol" defaultValue={target?.protocol ?? "udp"}>
                <option value="udp">{t("logging.protocols.udp")}</option>
                <option value="tcp">{t("logging.protocols.tcp")}</option>
              </SelectField>
              <div className="flex gap-3 md:col-span-4">
                <SubmitButton>{t("logging.save")}</SubmitButton>
              </div>
            </ActionForm>
            {target && (
              <div className="mt-4">
                <ConfirmDialog
                  triggerLabel={t("logging.clear")}
                  title={t("logging.clearTitle")}
                  description={t("logging.clearHelp")}
                  confirmText={env.name}
                  confirmLabel={t("logging.clear")}
                  action={clearLoggingAction}
                  values={{ environmentId: env.id }}
                  successMessage={t("logging.cleared")}
                />
              </div>
            )}
          </Card>
        ) : (
          <p className="text-sm text-zinc-600">{t("logging.adminOnly")}</p>
        )}
      </div>
    </>
  );
}
