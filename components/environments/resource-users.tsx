// What uses a volume or network: links to the apps (and their service), container names otherwise.
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ResourceUser } from "@/lib/resources";

export function ResourceUsers({ users }: { users: ResourceUser[] }) {
  const t = useTranslations("resources");
  if (users.length === 0) return <span className="text-zinc-500">{t("unused")}</span>;
  return (
    <ul className="space-y-0.5">
      {users.map((u, i) => (
        <li key={i} className="text-xs">
          {u.app ? (
            <Link href={`/apps/${u.app.id}`} className="text-sky-700 hover:underline">
              {u.app.name}
            </Link>
          ) : null}
          {u.service && <span className="font-mono">{u.app ? ` / ${u.service}` : u.service}</span>}
          {u.container && (
            <span className="ml-1 font-mono text-zinc-500">
              {u.container}
              {u.state ? ` (${u.state})` : ""}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function AppCell({ app }: { app: { id: string; name: string } | null }) {
  const t = useTranslations("resources");
  return app ? (
    <Link href={`/apps/${app.id}`} className="text-sky-700 hover:underline">
      {app.name}
    </Link>
  ) : (
    <span className="text-zinc-500">{t("appGone")}</span>
  );
}
