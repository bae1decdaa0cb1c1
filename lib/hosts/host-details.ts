// The host page's data (issue 15): the host, what its engine says about itself (version, OS, CPUs,
// memory, Docker root) and its own CPU / memory / disk use. Answers fast whatever the engine does:
// the engine is asked with a short deadline, the usage is the last stored sample, and a sample
// older than FRESH_MS starts a new probe in the background (the page and the sampler loop fill the
// history). An engine that does not answer leaves the last known figures and says why.
import { db } from "@/lib/db";
import { connectionCategory, type EngineInfo } from "@/lib/docker";
import { authorize, type Actor } from "@/lib/policy";
import { engineDeadlineMs, hostEngine } from "./host-engine";
import { toHostDto, type HostDto } from "./host-dto";
import { loadHost } from "./list-hosts";
import { hostNodeStates } from "./host-availability";
import { CONNECTION_MESSAGES } from "./host-connection-errors";
import { latestHostUsage, sampleHost, type HostUsage } from "./host-metrics";
import { DISK_WARNING_PERCENT, diskPercent as percentOf } from "./disk-warning";

const FRESH_MS = 10_000;
export { DISK_WARNING_PERCENT };

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

const probing = new Set<string>();

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("deadline")), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

export async function getHostDetails({ actor, hostId }: { actor: Actor; hostId: unknown }): Promise<HostDetailsDto> {
  const host = await loadHost(actor, hostId);
  authorize(actor, "host.read", { tenantId: host.tenantId, kind: "Host" });
  const node = hostNodeStates([host]).get(host.id);
  let info: EngineInfo | null = null;
  let error: string | null = null;
  const usage = await latestHostUsage(host.id);
  if (host.status !== "removing") {
    // short, so a dead engine never holds the page; a busy one still answers within it
    const deadline = engineDeadlineMs(host.endpoint, 2_000);
    try {
      info = await within(hostEngine(host, deadline).info(), deadline);
      await db.host.update({
        where: { id: host.id },
        data: { engineVersion: info.serverVersion, os: `${info.os} (${info.arch})`, cpus: info.ncpu, memoryBytes: BigInt(info.memTotal), lastError: null },
      });
    } catch (e) {
      const category = connectionCategory(e);
      if (category) {
        console.warn(`[hosts] details of ${host.id}: ${category}`, e);
        error = CONNECTION_MESSAGES[category].message;
        await db.host.update({ where: { id: host.id }, data: { lastError: error } });
      }
    }
  }
  if (info && (!usage || Date.now() - Date.parse(usage.at) > FRESH_MS) && !probing.has(host.id)) {
    probing.add(host.id);
    const root = info.dockerRootDir;
    void sampleHost(host, undefined, root)
      .catch((e: unknown) => console.warn(`[hosts] usage probe of ${host.id}: ${(e as Error).message}`))
      .finally(() => probing.delete(host.id));
  }
  const fresh = await db.host.findUniqueOrThrow({ where: { id: host.id } });
  const diskPercent = usage ? percentOf(usage.diskUsed, usage.diskTotal) : null;
  return {
    ...toHostDto(fresh, node),
    details: {
      reachable: info !== null,
      error,
      engine: info && {
        name: info.name,
        version: info.serverVersion,
        os: info.os,
        osType: info.osType,
        kernelVersion: info.kernelVersion,
        arch: info.arch,
        cpus: info.ncpu,
        memoryBytes: info.memTotal,
        dockerRootDir: info.dockerRootDir,
        engineLabels: info.labels,
      },
      usage,
      diskPercent,
      diskWarning: diskPercent !== null && diskPercent > DISK_WARNING_PERCENT,
    },
  };
}
