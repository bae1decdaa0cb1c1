import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, EmptyState, PageHeader } from "@/components/ui";
import { DiffView } from "@/components/apps/diff-view";
import { UpgradeForm } from "@/components/store/upgrade-form";
import { getApp } from "@/lib/apps";
import { getAppTemplate, getTemplate } from "@/lib/templates";
import { can } from "@/lib/policy";
import { upgradeAppAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("appUpgrade"))("title") };
}

export default async function UpgradePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ version?: string }> }) {
  const { id } = await params;
  const { version } = await searchParams;
  const actor = await pageActor();
  const t = await getTranslations("appUpgrade");
  const app = await orNotFound(getApp({ actor, appId: id }));
  const status = await orNotFound(getAppTemplate({ actor, appId: app.id }));
  const target = version && status.versions.includes(version) ? version : (status.upgrades.at(-1) ?? null);
  const preview = target ? await getAppTemplate({ actor, appId: app.id, version: target }) : null;
  const tpl = await getTemplate({ actor, templateId: status.template.id });
  const questions = tpl.versionDetails.find((v) => v.version === target)?.questions ?? [];
  const canDeploy = can(actor, "app.deploy", { tenantId: app.tenantId });
  return (
    <>
      <PageHeader
        eyebrow={<Link href={`/apps/${app.id}`}>{app.name}</Link>}
        title={t("title")}
        description={t("running", { template: status.template.name, version: status.runningVersion ?? "?" })}
      />
      <nav aria-label={t("versionsAria")} className="mb-4 flex flex-wrap gap-2 text-sm">
        {status.versions.map((v) => (
          <Link
            key={v}
            href={`/apps/${app.id}/upgrade?version=${encodeURIComponent(v)}`}
            aria-current={v === target ? "page" : undefined}
            className={`rounded border px-2 py-1 ${v === target ? "border-zinc-900 font-semibold" : "border-zinc-300"}`}
          >
            {v}
            {status.upgrades.includes(v) ? ` · ${t("available")}` : v === status.runningVersion ? ` · ${t("current")}` : ""}
          </Link>
        ))}
      </nav>
      {!target || !preview?.preview ? (
        <EmptyState title={t("upToDate")}>{t("upToDateBody")}</EmptyState>
      ) : (
        <div className="space-y-4">
          <Card title={t("changes", { version: target })}>
            <DiffView before={preview.preview.currentCompose} after={preview.preview.compose} caption={t("diffCaption")} />
            <div className="mt-3 space-y-1 text-sm">
              {preview.preview.newQuestions.length > 0 && <p>{t("newQuestions", { names: preview.preview.newQuestions.map((q) => q.label).join(", ") })}</p>}
              {preview.preview.changedQuestions.length > 0 && (
                <p>{t("changedQuestions", { names: preview.preview.changedQuestions.map((q) => q.label).join(", ") })}</p>
              )}
              {preview.preview.removedQuestions.length > 0 && <p>{t("removedQuestions", { names: preview.preview.removedQuestions.join(", ") })}</p>}
            </div>
          </Card>
          {canDeploy && (
            <Card title={t("answers")} description={t("answersHint")}>
              <UpgradeForm appId={app.id} version={target} questions={questions} answers={status.answers} action={upgradeAppAction} />
            </Card>
          )}
        </div>
      )}
    </>
  );
}
