"use client";
// The services of an app, live from the app query: replicas as the reconciler observes them,
// published ports as links to a ready host that serves them, the last error the engine reported.
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { AppDto, ServiceDto } from "@/lib/apps";
import type { ContainerDto } from "@/lib/services";
import { EmptyState, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { POLL_SLOW_MS, fetchJson } from "@/components/live/fetch-json";
import { serviceKeys } from "@/components/services/service-keys";
import { useApp } from "./use-app";

export interface PortHost {
  id: string;
  addr: string;
}

export function ServicesTable({ initial, hosts, publishMode }: { initial: AppDto; hosts: PortHost[]; publishMode: "host" | "ingress" }) {
  const app = useApp(initial).data;
  const t = useTranslations("servicesTable");
  if (app.services.length === 0) return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  return (
    <Table caption={t("caption")}>
      <THead>
        <Th>{t("colService")}</Th>
        <Th>{t("colImage")}</Th>
        <Th className="text-right">{t("colReplicas")}</Th>
        <Th>{t("colPorts")}</Th>
        <Th>{t("colLastError")}</Th>
      </THead>
      <TBody>
        {app.services.map((s) => (
          <Tr key={s.id}>
            <Td>
              <Link href={`/services/${s.id}`} className="font-medium text-blue-800 hover:underline">
                {s.name}
              </Link>
            </Td>
            <Td className="font-mono text-xs break-all">{s.image}</Td>
            <Td className="text-right">
              <Replicas running={s.replicas.running} desired={s.replicas.desired} />
            </Td>
            <Td>{s.ports.length === 0 ? <span className="text-zinc-400">—</span> : <PortLinks service={s} hosts={hosts} publishMode={publishMode} />}</Td>
            <Td className="max-w-64 text-xs text-red-800">{s.lastError ?? <span className="text-zinc-400">—</span>}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

export function Replicas({ running, desired }: { running: number; desired: number }) {
  const t = useTranslations("servicesTable");
  const tone = running >= desired ? "text-emerald-800" : running === 0 ? "text-red-800" : "text-amber-900";
  return (
    <>
      <span aria-hidden="true" className={`font-mono tabular-nums ${tone}`}>
        {running}/{desired}
      </span>
      <span className="sr-only">{t("replicasSr", { running, desired })}</span>
    </>
  );
}

/**
 * Host-mode ports answer only on the hosts that run a task of the service, so the link goes to
 * one of those (from the service's containers); ingress ports answer on every ready host.
 */
function PortLinks({ service, hosts, publishMode }: { service: ServiceDto; hosts: PortHost[]; publishMode: "host" | "ingress" }) {
  const containers = useQuery({
    queryKey: serviceKeys.containers(service.id),
    queryFn: () => fetchJson<{ items: ContainerDto[] }>(`/api/v1/services/${service.id}/containers`),
    enabled: publishMode === "host",
    refetchInterval: POLL_SLOW_MS,
  });
  const runningOn = new Set((containers.data?.items ?? []).filter((c) => c.state === "running" && c.host).map((c) => c.host!.id));
  const host = publishMode === "ingress" ? hosts[0] : hosts.find((h) => runningOn.has(h.id));
  const addr = host ? (host.addr.includes(":") ? `[${host.addr}]` : host.addr) : null;
  return (
    <ul className="space-y-0.5 text-xs">
      {service.ports.map((p) => (
        <li key={`${p.published}/${p.protocol}`} className="whitespace-nowrap">
          {addr && p.protocol === "tcp" ? (
            <a href={`http://${addr}:${p.published}`} target="_blank" rel="noreferrer" className="font-mono text-blue-800 hover:underline">
              http://{addr}:{p.published}
            </a>
          ) : (
            <span className="font-mono">{p.published}</span>
          )}
          <span className="ml-1 text-zinc-500">
            → {p.target}/{p.protocol}
          </span>
        </li>
      ))}
    </ul>
  );
}
