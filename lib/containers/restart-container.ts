// Restart one container (swarm task) in place on its host: same task, same container, new process.
import { storedText } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { engineCall, resolveContainer } from "./resolve-container";
import { recordContainerAction } from "./record-container-action";

export async function restartContainer({ actor, containerId }: { actor: Actor; containerId: unknown }): Promise<{ id: string }> {
  const c = await resolveContainer({ actor, containerId, permission: "container.manage", timeoutMs: 30_000 });
  await engineCall(() => c.engine.restartContainer(c.engineId, { timeoutSec: 10 }));
  await recordContainerAction(
    actor,
    c,
    "restart",
    storedText(
      "storedTexts.events.containerRestarted",
      { slot: c.slot ?? "", host: c.host.name, actor: actor.email },
      `Container ${c.slot ?? ""}@${c.host.name} restarted by ${actor.email}`,
    ),
  );
  return { id: c.id };
}
