import { z } from "@/lib/validation";
import { appError, problem } from "@/lib/errors";

export const portRange = z
  .object({ from: z.coerce.number().int().min(1024).max(65535), to: z.coerce.number().int().min(1024).max(65535) })
  .refine((r) => r.from <= r.to, { message: "validation.portRangeOrder", path: ["to"] });

const absolutePath = z
  .string()
  .regex(/^\/[A-Za-z0-9._/-]*$/, "validation.absolutePath")
  .refine((p) => !p.split("/").includes(".."), "validation.noDotDot");

/** Fields an owner may set. `tenantId` only on create; strict so mass-assignment attempts fail loudly. */
export const environmentFields = {
  name: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9][a-z0-9-]*$/, "validation.lowerDash"),
  description: z.string().max(500).optional(),
  /** Issue 17: omitted on create = the default region. */
  regionId: z.string().trim().min(1).max(64).optional(),
  portRange: portRange.optional(),
  publishMode: z.enum(["host", "ingress"]).optional(),
  endpointMode: z.enum(["dnsrr", "vip"]).optional(),
  // Each default on its own: a form that sets only the memory keeps the platform's CPU default.
  defaults: z
    .object({
      cpus: z.coerce.number().min(0.01).max(64).optional(),
      memoryMb: z.coerce
        .number()
        .int()
        .min(4)
        .max(1024 * 1024)
        .optional(),
    })
    .optional(),
};

export const createEnvironmentInput = z.object({ tenantId: z.string().min(1).max(64), ...environmentFields }).strict();
/** Issue 16: a shared environment has no tenant; omitted tenantIds = every tenant. Admins only. */
export const createSharedEnvironmentInput = z
  .object({ shared: z.literal(true), tenantIds: z.array(z.string().min(1).max(64)).max(1000).optional(), ...environmentFields })
  .strict();
export const updateEnvironmentInput = z
  .object({
    ...environmentFields,
    name: environmentFields.name.optional(),
    bindAllowList: z.array(absolutePath).max(50).optional(),
    // shared environments only (admins): null = every tenant
    tenantIds: z.array(z.string().min(1).max(64)).max(1000).nullable().optional(),
  })
  .strict();

// ---- port pool bounds (the one place) ---------------------------------------------------------

/** The pool an environment gets when none is given (the schema's default). */
export const DEFAULT_PORT_POOL = { from: 30000, to: 32767 };
const PORT_MIN = 1024;
const PORT_MAX = 65535;

/** Ports of the engine and of swarm itself: a service published there would shadow or expose
 * the control plane of every host in the environment. Never in a pool, whatever the role. */
export const CONTROL_PORTS: ReadonlyMap<number, string> = new Map([
  [2375, "the Docker Engine API"],
  [2376, "the Docker Engine API over TLS"],
  [2377, "swarm cluster management"],
  [7946, "swarm node gossip"],
  [4789, "the swarm overlay network (VXLAN)"],
]);

const POOL_MESSAGES = {
  reserved: (port: number, why: string, suggestion: string) =>
    `Port ${port} (${why}) cannot be in the port pool. Choose a range without it, for example ${suggestion}.`,
  field: (port: number) => `Includes reserved port ${port}`,
  byAdmin: "reserved by a platform administrator",
};

/** The largest run of allowed ports inside [from, to], or null when every port is blocked. */
function largestFreeRun(from: number, to: number, blocked: number[]): { from: number; to: number } | null {
  let best: { from: number; to: number } | null = null;
  let start = from;
  for (const p of [...blocked.filter((b) => b >= from && b <= to), to + 1].sort((a, b) => a - b)) {
    if (p > start && (!best || p - start > best.to - best.from + 1)) best = { from: start, to: p - 1 };
    start = Math.max(start, p + 1);
  }
  return best;
}

/** A range to propose instead: what is left of the requested one, else the default pool, else any. */
export function suggestPortRange(range: { from: number; to: number }, blocked: number[]): { from: number; to: number } | null {
  return (
    largestFreeRun(range.from, range.to, blocked) ??
    largestFreeRun(DEFAULT_PORT_POOL.from, DEFAULT_PORT_POOL.to, blocked) ??
    largestFreeRun(PORT_MIN, PORT_MAX, blocked)
  );
}

/** Refuses a pool that includes a control port or a port the admin reserved (settings). */
export function checkPortPool(range: { from: number; to: number }, reservedPorts: readonly number[]): void {
  const blocked = [...CONTROL_PORTS.keys(), ...reservedPorts];
  const hit = blocked.filter((p) => p >= range.from && p <= range.to).sort((a, b) => a - b)[0];
  if (hit === undefined) return;
  const s = suggestPortRange(range, blocked);
  const message = POOL_MESSAGES.reserved(hit, CONTROL_PORTS.get(hit) ?? POOL_MESSAGES.byAdmin, s ? `${s.from}–${s.to}` : "another range");
  // the reason is a catalog message too (a control port's use, or the admin's reservation)
  const why = CONTROL_PORTS.has(hit) ? `@environmentErrors.portUse.p${hit}` : "@environmentErrors.portUse.byAdmin";
  const details = [
    problem("portRange.from", "environmentErrors.includesReservedPort", { port: hit }, POOL_MESSAGES.field(hit), "reserved_port"),
    problem("portRange.to", "environmentErrors.includesReservedPort", { port: hit }, POOL_MESSAGES.field(hit), "reserved_port"),
  ];
  throw s
    ? appError("VALIDATION", "environmentErrors.reservedPort", { port: hit, why, suggestion: `${s.from}–${s.to}` }, message, { details })
    : appError("VALIDATION", "environmentErrors.reservedPortNoSuggestion", { port: hit, why }, message, { details });
}
