// Read-modify-write of a swarm service at its current version. Swarm versions every object; a
// concurrent writer (another portal worker, an operator's CLI) makes our version stale and the
// engine answers "update out of sequence": re-read and apply the change again.
import { isOutOfSequence, type Engine, type EngineServiceSpec } from "@/lib/docker";

const MAX_ATTEMPTS = 4;

export async function updateServiceSpec(
  manager: Engine,
  serviceId: string,
  change: (current: EngineServiceSpec) => EngineServiceSpec,
  opts?: { registryAuth?: string },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const svc = await manager.inspectService(serviceId);
    try {
      await manager.updateService(serviceId, svc.version, change(structuredClone(svc.spec)), { registryAuth: opts?.registryAuth });
      return;
    } catch (e) {
      if (!isOutOfSequence(e) || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}
