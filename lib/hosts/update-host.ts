// Rename a host (its portal name) and set its engine node labels (issue 15). The labels live on the
// swarm node (Spec.Labels), where placement constraints `node.labels.x == y` read them.
import { db, isUniqueViolation } from "@/lib/db";
import { AppError, appError, problem } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/policy";
import { parseInput, keyed, z } from "@/lib/validation";
import { managerEngine } from "./host-engine";
import { toHostDto, type HostDto } from "./host-dto";
import { loadHost } from "./list-hosts";
import { hostNodeStates } from "./host-availability";

const LABEL_KEY = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;
const input = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(63)
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "Letters, digits, . _ -")
      .optional(),
    labels: z
      .record(z.string().regex(LABEL_KEY, "Letters, digits, . _ - (up to 63)"), z.string().max(200))
      .refine((l) => Object.keys(l).length <= 30, keyed("validation.tooManyItems", { max: 30 }))
      .optional(),
  })
  .strict();

export async function updateHost({ actor, hostId, input: raw }: { actor: Actor; hostId: unknown; input: unknown }): Promise<HostDto> {
  const host = await loadHost(actor, hostId);
  authorize(actor, "host.manage", { tenantId: host.tenantId, kind: "Host" });
  const data = parseInput(input, raw);
  if (data.labels) {
    const reserved = Object.keys(data.labels).find((k) => /^(com\.docker\.|io\.docker\.|org\.dockerproject\.|caas\.)/.test(k));
    if (reserved)
      throw new AppError("VALIDATION", `The label "${reserved}" uses a reserved prefix.`, [{ path: `labels.${reserved}`, message: "Reserved prefix" }], {
        i18n: { key: "hostops.errors.reservedLabel", params: { key: reserved } },
      });
    if (!host.nodeId || host.status === "pending" || host.status === "removing")
      throw new AppError("CONFLICT", "This host is not part of the swarm yet (or is leaving it).", undefined, { i18n: { key: "day2Errors.hostNotInSwarm" } });
    const { engine } = await managerEngine(host.environmentId);
    await engine.updateNode(host.nodeId, { labels: data.labels });
  }
  try {
    await db.$transaction(async (tx) => {
      await tx.host.update({
        where: { id: host.id },
        data: { ...(data.name ? { name: data.name } : {}), ...(data.labels ? { labels: JSON.stringify(data.labels) } : {}) },
      });
      await recordAudit(tx, {
        actor,
        tenantId: host.tenantId,
        action: "host.update",
        targetType: "host",
        targetId: host.id,
        details: {
          ...(data.name && data.name !== host.name ? { name: data.name, previousName: host.name } : {}),
          ...(data.labels ? { labels: Object.keys(data.labels) } : {}),
        },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw appError("CONFLICT", "hostErrors.nameTaken", { name: data.name ?? "" }, `This environment already has a host named "${data.name}".`, {
        details: [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
      });
    throw e;
  }
  const fresh = await db.host.findUniqueOrThrow({ where: { id: host.id } });
  return toHostDto(fresh, hostNodeStates([fresh]).get(fresh.id));
}
