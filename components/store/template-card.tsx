// One store card: icon (or initial), name, category, short description, scope badge. What a
// template's maintainer wrote (name, category, description) is content, marked translate="no".
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui";
import type { TemplateDto } from "@/lib/templates";

const SCOPE_TONES = { official: "blue", market: "violet", tenant: "green", personal: "neutral" } as const;

export function ScopeBadge({ scope }: { scope: string }) {
  const t = useTranslations("store");
  const s = (["official", "market", "tenant", "personal"] as const).find((x) => x === scope) ?? "personal";
  return <Badge tone={SCOPE_TONES[s]}>{t(`scope.${s}`)}</Badge>;
}

export function TemplateIcon({ icon, name, size = 40 }: { icon: string | null; name: string; size?: number }) {
  if (icon) return <img src={icon} alt="" width={size} height={size} className="rounded" />;
  return (
    <span
      aria-hidden="true"
      style={{ width: size, height: size }}
      className="flex items-center justify-center rounded bg-zinc-100 text-lg font-semibold text-zinc-600"
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

export function TemplateCard({ template }: { template: TemplateDto }) {
  const t = useTranslations("store");
  return (
    <li className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
      <article aria-labelledby={`tpl-${template.id}`} className="flex gap-3">
        <TemplateIcon icon={template.icon} name={template.name} />
        <div className="min-w-0 flex-1 space-y-1">
          <h2 id={`tpl-${template.id}`} className="text-base font-semibold" translate="no">
            <Link href={`/templates/${template.id}`} className="hover:underline">
              {template.name}
            </Link>
          </h2>
          <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600">
            <ScopeBadge scope={template.scope} />
            {template.category && <span translate="no">{template.category}</span>}
            {template.latestVersion && <span>{t("latest", { version: template.latestVersion })}</span>}
          </div>
          {template.description && (
            <p className="line-clamp-2 text-sm text-zinc-700" translate="no">
              {template.description}
            </p>
          )}
        </div>
      </article>
    </li>
  );
}
