// Inspect summary of a container: what it runs, where, with which mounts and env keys (values are
// never sent to the browser: they often hold secrets).
import { useTranslations } from "next-intl";
import { DescriptionList, EmptyState, Time } from "@/components/ui";
import type { ContainerDetailsDto } from "@/lib/containers";

export function InspectView({ c }: { c: ContainerDetailsDto }) {
  const t = useTranslations("inspect");
  if (!c.inspect) return <EmptyState title={t("noDetails")}>{c.inspectError ?? t("noAnswer")}</EmptyState>;
  const i = c.inspect;
  return (
    <DescriptionList
      items={[
        { label: t("image"), value: <span className="font-mono text-xs break-all">{i.image}</span> },
        { label: t("state"), value: i.startedAt ? t.rich("stateSince", { state: i.status, time: () => <Time value={i.startedAt} seconds /> }) : i.status },
        { label: t("host"), value: c.host?.name ?? "—" },
        { label: t("user"), value: <span className="font-mono text-xs">{i.user}</span> },
        { label: t("command"), value: <span className="font-mono text-xs break-all">{i.command.join(" ") || "—"}</span> },
        { label: t("workingDir"), value: <span className="font-mono text-xs">{i.workingDir || "/"}</span> },
        {
          label: t("publishedPorts"),
          value: i.ports.length ? (
            <span className="font-mono text-xs">{i.ports.map((p) => `${p.published}→${p.target}/${p.protocol}`).join(", ")}</span>
          ) : (
            t("none")
          ),
        },
        { label: t("networks"), value: i.networks.join(", ") || "—" },
        { label: t("envKeys"), value: i.envKeys.length ? <span className="font-mono text-xs break-all">{i.envKeys.join(", ")}</span> : t("none") },
        {
          label: t("mounts"),
          value: i.mounts.length ? (
            <ul className="font-mono text-xs">
              {i.mounts.map((m) => (
                <li key={m.destination}>
                  {m.type} {m.source} → {m.destination}
                  {m.readOnly ? ` ${t("readOnly")}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            t("none")
          ),
        },
      ]}
    />
  );
}
