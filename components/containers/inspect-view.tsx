// Inspect summary of a container: what it runs, where, with which mounts and env keys (values are
// never sent to the browser: they often hold secrets).
import { DescriptionList, EmptyState, formatTime } from "@/components/ui";
import type { ContainerDetailsDto } from "@/lib/containers";

export function InspectView({ c }: { c: ContainerDetailsDto }) {
  if (!c.inspect) return <EmptyState title="No live details">{c.inspectError ?? "The engine did not answer."}</EmptyState>;
  const i = c.inspect;
  return (
    <DescriptionList
      items={[
        { label: "Image", value: <span className="font-mono text-xs break-all">{i.image}</span> },
        { label: "State", value: `${i.status}${i.startedAt ? ` since ${formatTime(i.startedAt, { seconds: true })}` : ""}` },
        { label: "Host", value: c.host?.name ?? "—" },
        { label: "User", value: <span className="font-mono text-xs">{i.user}</span> },
        { label: "Command", value: <span className="font-mono text-xs break-all">{i.command.join(" ") || "—"}</span> },
        { label: "Working directory", value: <span className="font-mono text-xs">{i.workingDir || "/"}</span> },
        { label: "Published ports", value: i.ports.length ? <span className="font-mono text-xs">{i.ports.map((p) => `${p.published}→${p.target}/${p.protocol}`).join(", ")}</span> : "None" },
        { label: "Networks", value: i.networks.join(", ") || "—" },
        { label: "Environment (keys only)", value: i.envKeys.length ? <span className="font-mono text-xs break-all">{i.envKeys.join(", ")}</span> : "None" },
        {
          label: "Mounts",
          value: i.mounts.length ? (
            <ul className="font-mono text-xs">
              {i.mounts.map((m) => (
                <li key={m.destination}>
                  {m.type} {m.source} → {m.destination}
                  {m.readOnly ? " (ro)" : ""}
                </li>
              ))}
            </ul>
          ) : (
            "None"
          ),
        },
      ]}
    />
  );
}
