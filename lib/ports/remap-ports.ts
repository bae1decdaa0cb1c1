// `remapPorts: true`: most real compose files publish fixed ports (80, 5432, 8080) that are not in
// the environment's pool. Rather than refusing them (policy rule port-range), such a deploy lets
// the port pool lease a pool port for each of them; the port the file asked for is kept as
// `requested` so the answer, the app page and the export can show the mapping (80 → 31042).
// Pure: runs before the policy, on the parsed model; the lease itself is leasePorts' job.
import type { AppSpec, PortSpec } from "@/lib/compose/app-spec";

export interface PortMapping {
  service: string;
  target: number;
  protocol: string;
  /** The published port the file asked for. */
  requested: number;
  /** The pool port leased for it (absent in a dry run before leasing). */
  published?: number;
}

const outside = (p: PortSpec, pool: { from: number; to: number }) => p.published !== undefined && (p.published < pool.from || p.published > pool.to);

/** A copy of `spec` in which every published port outside `pool` asks the pool for a port instead. */
export function remapOutOfPoolPorts(spec: AppSpec, pool: { from: number; to: number }): AppSpec {
  return {
    ...spec,
    services: spec.services.map((s) => ({
      ...s,
      ports: s.ports.map((p) => (outside(p, pool) ? { target: p.target, protocol: p.protocol, requested: p.published } : { ...p })),
    })),
  };
}

/** The remapped ports of a model (after leasing: with the leased port), in service order. */
export function portMappingsOf(spec: { services: readonly { name: string; ports: readonly PortSpec[] }[] }): PortMapping[] {
  const out: PortMapping[] = [];
  for (const s of spec.services) {
    for (const p of s.ports) {
      if (p.requested === undefined) continue;
      out.push({
        service: s.name,
        target: p.target,
        protocol: p.protocol,
        requested: p.requested,
        ...(p.published !== undefined ? { published: p.published } : {}),
      });
    }
  }
  return out;
}
