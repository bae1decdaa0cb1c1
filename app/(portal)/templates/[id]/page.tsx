import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, EmptyState, PageHeader } from "@/components/ui";
import { ScopeBadge, TemplateIcon } from "@/components/store/template-card";
import { DeployForm } from "@/components/store/deploy-form";
import { getTemplate } from "@/lib/templates";
import { listEnvironments } from "@/lib/environments";
import { publicRegistryHost } from "@/lib/registry";
import { can } from "@/lib/policy";
import { PublishTemplateForm } from "@/components/store/publish-template-form";
import { deployTemplateAction, publishTemplateAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templatePage"))("title") };
}

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const t = await getTranslations("templatePage");
  const tpl = await orNotFound(getTemplate({ actor, templateId: id }));
  const envs = await listEnvironments({ actor, query: { limit: 200 } });
  const deployable = envs.items.filter((e) => can(actor, "app.deploy", { tenantId: e.tenantId })).map((e) => ({ id: e.id, name: e.name }));
  const latest = tpl.versionDetails.at(-1);
  const missing = (latest?.images ?? []).filter((i) => i.available === false);
  // A hint only (the use-case decides): tenant templates for members, personal ones for their owner.
  const mayPublish =
    (tpl.scope === "tenant" && can(actor, "template.publish", { tenantId: tpl.tenantId })) || (tpl.scope === "personal" && tpl.ownerId === actor.userId);
  return (
    <>
      <PageHeader
        eyebrow={<ScopeBadge scope={tpl.scope} />}
        title={
          <span className="flex items-center gap-3" translate="no">
            <TemplateIcon icon={tpl.icon} name={tpl.name} />
            {tpl.name}
          </span>
        }
        description={<span translate="no">{tpl.description}</span>}
      />
      {missing.length > 0 && (
        <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-medium">{t("missingImages", { images: missing.map((m) => `${m.repository}:${m.tag}`).join(", ") })}</p>
          <p>{actor.platformAdmin ? t("missingAdmin") : t("missingUser")}</p>
        </div>
      )}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title={t("deploy")}>
            {deployable.length === 0 ? (
              <EmptyState title={t("noEnvironment")}>{t("noEnvironmentBody")}</EmptyState>
            ) : (
              <DeployForm
                templateId={tpl.id}
                versions={tpl.versionDetails.map((v) => ({ version: v.version, compose: v.compose, questions: v.questions }))}
                environments={deployable}
                registry={publicRegistryHost()}
                action={deployTemplateAction}
              />
            )}
          </Card>
          {mayPublish && (
            <Card title={t("publish")} description={t("publishHint")}>
              <PublishTemplateForm templateId={tpl.id} versions={tpl.versions.map((v) => v.version)} action={publishTemplateAction} />
            </Card>
          )}
          <Card title={t("readme")}>
            {tpl.readme ? (
              <div className="text-sm whitespace-pre-wrap text-zinc-800" translate="no">
                {tpl.readme}
              </div>
            ) : (
              <p className="text-sm text-zinc-600">{t("noReadme")}</p>
            )}
          </Card>
        </div>
        <div className="space-y-4">
          <Card title={t("details")}>
            <dl className="space-y-1 text-sm">
              <div>
                <dt className="inline font-medium">{t("category")}: </dt>
                <dd className="inline" translate="no">
                  {tpl.category || "—"}
                </dd>
              </div>
              <div>
                <dt className="inline font-medium">{t("maintainer")}: </dt>
                <dd className="inline" translate="no">
                  {tpl.maintainer || "—"}
                </dd>
              </div>
            </dl>
          </Card>
          <Card title={t("versions")}>
            <ul aria-label={t("versions")} className="space-y-2 text-sm">
              {tpl.versionDetails
                .slice()
                .reverse()
                .map((v) => (
                  <li key={v.id}>
                    <span className="font-mono">{v.version}</span>
                    <span className="text-zinc-600"> · {t("questionCount", { count: v.questions.length })}</span>
                    {v.upgradeFrom && <span className="text-zinc-600"> · {t("upgradeFrom", { rule: v.upgradeFrom })}</span>}
                  </li>
                ))}
            </ul>
          </Card>
          {latest && latest.questions.length > 0 && (
            <Card title={t("questions")}>
              <ul className="space-y-1 text-sm" translate="no">
                {latest.questions.map((q) => (
                  <li key={q.variable}>
                    <span className="font-medium">{q.label}</span> <span className="font-mono text-xs text-zinc-600">{q.variable}</span>{" "}
                    <span className="text-xs text-zinc-500">({q.type})</span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
