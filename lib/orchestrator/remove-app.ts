// Remove an app from its swarm: its services, then its overlay network. Both removals are
// asynchronous in swarm (tasks stop after the service is gone; the network lingers until its last
// endpoint is released), so this waits until the manager no longer lists the network; otherwise
// a redeploy right after would fail with "network already exists".
import { appError, isAppError } from "@/lib/errors";
import type { Engine } from "@/lib/docker";
import { LABEL } from "./labels";
import { appNetworkName, volumeEnginePrefix } from "./names";
import { listAppServices } from "./observe-app";
import { pruneSwarmObjects } from "./swarm-objects";

export interface RemoveAppResult {
  removedServices: string[];
  /** The app's swarm secrets and configs. */
  removedFiles?: string[];
  removedNetwork?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isNotFound(e: unknown): boolean {
  return isAppError(e) && e.code === "NOT_FOUND";
}

export async function removeApp(manager: Engine, appId: string, opts?: { timeoutMs?: number }): Promise<RemoveAppResult> {
  const deadline = Date.now() + (opts?.timeoutMs ?? 60_000);
  const result: RemoveAppResult = { removedServices: [] };

  for (const s of await listAppServices(manager, appId)) {
    try {
      await manager.removeService(s.id);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    result.removedServices.push(s.name);
  }

  const name = appNetworkName(appId);
  const findNet = async () => (await manager.listNetworks({ name: [name] })).find((n) => n.name === name && n.labels[LABEL.app] === appId);
  let lastError: unknown;
  // The wait is for progress, not in all: an app of a hundred tasks on a busy host takes minutes to
  // stop, and each endpoint released changes the engine's answer ("in use by task …"), which
  // gives the wait another period.
  const period = opts?.timeoutMs ?? 60_000;
  let waitUntil = deadline;
  for (let net = await findNet(); net; net = await findNet()) {
    try {
      await manager.removeNetwork(net.id);
      result.removedNetwork = name;
    } catch (e) {
      // "in use by task …" until the removed services' tasks are gone
      if (!isNotFound(e)) {
        if (lastError instanceof Error && e instanceof Error && e.message !== lastError.message) waitUntil = Date.now() + period;
        lastError = e;
      }
    }
    if (Date.now() > waitUntil) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : "";
      throw appError("INTERNAL", "orchestratorErrors.networkRemains", undefined, `App network ${name} was still present after removing the app${why}`);
    }
    await sleep(250);
  }
  // Their services are gone, so nothing uses the app's secrets and configs any more.
  result.removedFiles = await pruneSwarmObjects(manager, appId, new Set(), { timeoutMs: Math.max(1_000, waitUntil - Date.now()) });
  return result;
}

/** Named volumes are local to each host that ran one of the app's tasks: remove them through
 * every host's engine once the app is removed (its containers may take a moment to go away). */
export async function removeAppVolumes(hosts: Engine[], appId: string, opts?: { timeoutMs?: number }): Promise<string[]> {
  const deadline = Date.now() + (opts?.timeoutMs ?? 30_000);
  const prefix = volumeEnginePrefix(appId);
  const removed: string[] = [];
  for (const host of hosts) {
    const volumes = (await host.listVolumes({ label: [`${LABEL.app}=${appId}`] })).filter((v) => v.name.startsWith(prefix));
    for (const v of volumes) {
      for (;;) {
        try {
          await host.removeVolume(v.name);
          removed.push(`${host.endpoint} ${v.name}`);
          break;
        } catch (e) {
          if (isNotFound(e)) break;
          // CONFLICT "volume is in use" while the app's last containers are being removed
          if (!isAppError(e) || e.code !== "CONFLICT" || Date.now() > deadline) throw e;
          await sleep(250);
        }
      }
    }
  }
  return removed;
}
