// The host page's data (issue 15): the host, what its engine says about itself (version, OS, CPUs,
// memory, Docker root) and its own current CPU / memory / disk use (a fresh probe when the last
// sample is older than FRESH_MS). An engine that does not answer leaves the last known figures.
import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { hostEngine } from "./host-engine";
import { toHostDto, type HostDto } from "./host-dto";
import { loadHost } from "./list-hosts";
import { hostNodeStates } from "./host-availability";
import { connectionCategory } from "@/lib/docker";
import { CONNECTION_MESSAGES } from "./host-connection-errors";
import { latestHostUsage, sampleHost, type HostUsage } from "./host-metrics";

const FRESH_MS = 15_000;
/** Disk use (of the Docker root's filesystem) above which the page warns. */
export const DISK_WARNING_PERCENT = 90;

export interface HostDetailsDto extends HostDto {
  details: {
    reachable: boolean;
    /** Why the engine could not be read (user-safe; e.g. the SSH host key changed). */
    error: string | null;
    engine: {
      name: string;
      version: string;
      os: string;
      osType: string;
      kernelVersion: string;
      arch: string;
      cpus: number;
      memoryBytes: number;
      dockerRootDir: string;
      engineLabels: Record<string, string>;
    } | null;
    usage: HostUsage | null;
    diskPercent: number | null;
    diskWarning: boolean;
  };
}

export async function getHostDetails({ actor, hostId }: { actor: Actor; hostId: unknown }): Promise<HostDetailsDto> {
  const host = await loadHost(actor, hostId);
  authorize(actor, "host.read", { tenantId: host.tenantId, kind: "Host" });
  const node = (await hostNodeStates([host])).get(host.id);
  let engineInfo: HostDetailsDto["details"]["engine"] = null;
  let usage = await latestHostUsage(host.id);
  let error: string | null = null;
  if (host.status !== "removing") {
    const engine = hostEngine(host, 8_000);
    try {
      const i = await engine.info();
      engineInfo = {
        name: i.name,
        version: i.serverVersion,
        os: i.os,
        osType: i.osType,
        kernelVersion: i.kernelVersion,
        arch: i.arch,
        cpus: i.ncpu,
        memoryBytes: i.memTotal,
        dockerRootDir: i.dockerRootDir,
        engineLabels: i.labels,
      };
      await db.host.update({
        where: { id: host.id },
        data: {
          engineVersion: i.serverVersion,
          os: `${i.os} (${i.arch})`,
          cpus: i.ncpu,
          memoryBytes: BigInt(i.memTotal),
          lastError: null,
          lastSeenAt: new Date(),
        },
      });
      if (!usage || Date.now() - Date.parse(usage.at) > FRESH_MS) {
        usage = await sampleHost(host, hostEngine(host, 20_000), i.dockerRootDir).catch((e: unknown) => {
          console.warn(`[hosts] usage probe of ${host.id}: ${(e as Error).message}`);
          return usage;
        });
      }
    } catch (e) {
      const category = connectionCategory(e);
      console.warn(`[hosts] details of ${host.id}: ${category ?? "error"}`, e);
      error = category ? CONNECTION_MESSAGES[category].message : "The engine could not be read.";
      await db.host.update({ where: { id: host.id }, data: { lastError: error } });
    }
  }
  const fresh = await db.host.findUniqueOrThrow({ where: { id: host.id } });
  const diskPercent = usage && usage.diskTotal > 0 ? Math.round((usage.diskUsed / usage.diskTotal) * 1000) / 10 : null;
  return {
    ...toHostDto(fresh, node),
    details: {
      reachable: engineInfo !== null,
      error,
      engine: engineInfo,
      usage,
      diskPercent,
      diskWarning: diskPercent !== null && diskPercent > DISK_WARNING_PERCENT,
    },
  };
}
