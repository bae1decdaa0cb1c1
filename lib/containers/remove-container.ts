// Remove one container (swarm task) from its host: swarm sees the task gone and starts a
// replacement, possibly elsewhere — the way to get rid of one stuck or misbehaving replica.
import { storedText } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { engineCall, resolveContainer } from "./resolve-container";
import { recordContainerAction } from "./record-container-action";

export async function removeContainer({ actor, containerId }: { actor: Actor; containerId: unknown }): Promise<{ id: string }> {
  const c = await resolveContainer({ actor, containerId, permission: "container.manage", timeoutMs: 20_000 });
  await engineCall(() => c.engine.removeContainer(c.engineId, { force: true }));
  await recordContainerAction(
    actor,
    c,
    "remove",
    storedText(
      "storedTexts.events.containerRemoved",
      { slot: c.slot ?? "", host: c.host.name, actor: actor.email },
      `Container ${c.slot ?? ""}@${c.host.name} removed by ${actor.email}; swarm replaces it`,
    ),
  );
  return { id: c.id };
}
