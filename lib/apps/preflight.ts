// Preflight: what a deploy checks before any engine object is touched. Read-only engine calls
// (nodes, tasks, image lookups) only. Each problem is an error detail naming the service, the check
// (`rule: preflight.<check>`) and what to do (deploy-errors.ts).
//   - policies (PreflightPolicy, e.g. the tenant quota of issue 16): run first, with no engine call;
//   - at least one ready host;
//   - each image resolvable to a digest in its registry with the deploy credential, or present;
//   - placement constraints satisfiable by at least one ready host;
//   - reservations (CPU, memory) fit the free capacity of at least one matching ready host.
// Names and published ports were checked when the revision was made (policy, port leases).
import type { AppSpec, ServiceSpec } from "@/lib/compose";
import type { Engine, SwarmNode, TaskInfo } from "@/lib/docker";
import { engineErrorKind } from "@/lib/docker/errors";
import type { ErrorDetail } from "@/lib/errors";
import { preflightDetail, preflightError } from "./deploy-errors";

/** What a policy check sees: the revision's model and whose it is. No engine. */
export interface PreflightContext {
  tenantId: string;
  environmentId: string;
  appId: string;
  /** The app's previous (serving) model, null for a first deploy: a quota compares the difference. */
  previous: AppSpec | null;
  spec: AppSpec;
}

/**
 * The seam for checks that must run before any engine call (issue 16's tenant quotas belong here):
 * return the problems as error details (preflightDetail()); an empty list lets the deploy go on.
 * Wired in server.ts (deployDeps.preflightPolicies).
 */
export type PreflightPolicy = (ctx: PreflightContext) => Promise<ErrorDetail[]>;

const MB = 1024 * 1024;

function ready(nodes: SwarmNode[]): SwarmNode[] {
  return nodes.filter((n) => n.state === "ready" && n.availability === "active");
}

/** One `deploy.placement.constraints` entry against a node; unknown attributes do not exclude. */
export function matchesConstraint(node: SwarmNode, constraint: string): boolean {
  const m = /^\s*([\w.-]+)\s*(==|!=)\s*(.+?)\s*$/.exec(constraint);
  if (!m) return true;
  const [, attr, op, want] = m;
  let have: string | undefined;
  if (attr === "node.id") have = node.id;
  else if (attr === "node.hostname") have = node.hostname;
  else if (attr === "node.role") have = node.role;
  else if (attr === "node.platform.os") have = node.os;
  else if (attr === "node.platform.arch") have = node.arch;
  else if (attr.startsWith("node.labels.")) have = node.labels[attr.slice("node.labels.".length)];
  else if (attr.startsWith("engine.labels.")) have = node.engineLabels[attr.slice("engine.labels.".length)];
  else return true;
  return op === "==" ? have === want : have !== want;
}

/** Reservations already promised on each node (tasks meant to run), except the app's own tasks. */
export function reservedByNode(tasks: TaskInfo[], exceptServiceIds: ReadonlySet<string>): Map<string, { nanoCpus: number; memoryBytes: number }> {
  const out = new Map<string, { nanoCpus: number; memoryBytes: number }>();
  for (const t of tasks) {
    if (!t.nodeId || t.desiredState !== "running" || exceptServiceIds.has(t.serviceId)) continue;
    const r = t.spec.Resources?.Reservations;
    const cur = out.get(t.nodeId) ?? { nanoCpus: 0, memoryBytes: 0 };
    out.set(t.nodeId, { nanoCpus: cur.nanoCpus + (r?.NanoCPUs ?? 0), memoryBytes: cur.memoryBytes + (r?.MemoryBytes ?? 0) });
  }
  return out;
}

/** Placement and capacity of each service on the ready nodes (pure: unit-tested). */
export function judgePlacement(spec: AppSpec, nodes: SwarmNode[], reserved: Map<string, { nanoCpus: number; memoryBytes: number }>): ErrorDetail[] {
  const candidates = ready(nodes);
  if (candidates.length === 0) return [preflightDetail("hosts", "deployment.preflight.noReadyHost", {})];
  const problems: ErrorDetail[] = [];
  for (const s of spec.services) {
    const constraints = s.placement?.constraints ?? [];
    const matching = candidates.filter((n) => constraints.every((c) => matchesConstraint(n, c)));
    if (matching.length === 0) {
      problems.push(preflightDetail("constraints", "deployment.preflight.constraints", { service: s.name, constraints: constraints.join(", ") }));
      continue;
    }
    problems.push(...capacityProblems(s, matching, reserved));
  }
  return problems;
}

/** Whether any service reserves CPU or memory: only then do the swarm's other tasks matter. */
export function reservesCapacity(spec: AppSpec): boolean {
  return spec.services.some((s) => (s.resources.reservationMemoryBytes ?? 0) > 0 || (s.resources.reservationCpus ?? 0) > 0);
}

function capacityProblems(s: ServiceSpec, nodes: SwarmNode[], reserved: Map<string, { nanoCpus: number; memoryBytes: number }>): ErrorDetail[] {
  // swarm places a task that reserves nothing on any matching node, however full the others made it
  if (!(s.resources.reservationMemoryBytes ?? 0) && !(s.resources.reservationCpus ?? 0)) return [];
  const free = nodes.map((n) => ({
    memoryBytes: n.memoryBytes - (reserved.get(n.id)?.memoryBytes ?? 0),
    nanoCpus: n.nanoCpus - (reserved.get(n.id)?.nanoCpus ?? 0),
  }));
  const memory = s.resources.reservationMemoryBytes ?? 0;
  const cpus = s.resources.reservationCpus ?? 0;
  const nano = Math.round(cpus * 1e9);
  if (free.some((f) => f.memoryBytes >= memory && f.nanoCpus >= nano)) return [];
  const problems: ErrorDetail[] = [];
  if (memory > 0 && !free.some((f) => f.memoryBytes >= memory)) {
    const most = Math.max(0, ...free.map((f) => f.memoryBytes));
    problems.push(
      preflightDetail("memory", "deployment.preflight.memory", { service: s.name, neededMb: Math.ceil(memory / MB), freeMb: Math.floor(most / MB) }),
    );
  }
  if (nano > 0 && !free.some((f) => f.nanoCpus >= nano)) {
    const most = Math.max(0, ...free.map((f) => f.nanoCpus));
    problems.push(preflightDetail("cpus", "deployment.preflight.cpus", { service: s.name, needed: cpus, free: Math.floor(most / 1e7) / 100 }));
  }
  // Each fits somewhere, but not both on one host.
  if (problems.length === 0) {
    problems.push(
      preflightDetail("memory", "deployment.preflight.memory", {
        service: s.name,
        neededMb: Math.ceil(memory / MB),
        freeMb: Math.floor(Math.max(0, ...free.filter((f) => f.nanoCpus >= nano).map((f) => f.memoryBytes)) / MB),
      }),
    );
  }
  return problems;
}

/** Each distinct image: present on the manager, or resolvable in its registry with the credential. */
export async function imageProblems(engine: Engine, spec: AppSpec, registryAuth: string | undefined): Promise<ErrorDetail[]> {
  const byImage = new Map<string, string>();
  for (const s of spec.services) if (!byImage.has(s.image)) byImage.set(s.image, s.name);
  const problems: ErrorDetail[] = [];
  await Promise.all(
    [...byImage].map(async ([image, service]) => {
      // present on the manager already (loaded, or pulled before): no registry round trip needed
      const present = await engine.inspectImage(image).then(
        () => true,
        () => false,
      );
      if (present) return;
      try {
        await engine.distributionInspect(image, { registryAuth });
      } catch (e) {
        const kind = engineErrorKind(e);
        if (kind === "not_found" || kind === "invalid") problems.push(preflightDetail("image", "deployment.preflight.imageMissing", { service, image }));
        else if (kind === "pull_denied") problems.push(preflightDetail("image", "deployment.preflight.imageDenied", { service, image }));
        else problems.push(preflightDetail("image", "deployment.preflight.registryUnreachable", { service, image }));
        console.warn(`[deploy] preflight: image ${image} (${kind}):`, e instanceof Error ? e.message : e);
      }
    }),
  );
  return problems;
}

/** The policy checks (no engine call): throws one CONFLICT AppError naming every problem. */
export async function runPolicies(ctx: PreflightContext, policies: readonly PreflightPolicy[]): Promise<void> {
  const problems: ErrorDetail[] = [];
  for (const p of policies) problems.push(...(await p(ctx)));
  if (problems.length) throw preflightError(problems);
}

export interface EngineChecksInput {
  engine: Engine;
  spec: AppSpec;
  /** X-Registry-Auth for the image lookups. */
  registryAuth: () => Promise<string | undefined>;
  /** Engine ids of the app's current services (their reservations are replaced, not added); asked
   * only when a service reserves capacity. */
  ownServiceIds: () => Promise<ReadonlySet<string>>;
}

/** Hosts, placement, capacity and images (read-only engine calls, all at once): throws one CONFLICT
 * AppError. The swarm's running tasks (a long list on a big swarm) are read only when a service
 * reserves capacity (issue 20: a deploy's preflight is on the path to its first task). */
export async function runEngineChecks(o: EngineChecksInput): Promise<void> {
  const [nodes, reserved, images] = await Promise.all([
    o.engine.listNodes(),
    reservesCapacity(o.spec)
      ? Promise.all([o.engine.listTasks({ "desired-state": ["running"] }), o.ownServiceIds()]).then(([tasks, own]) => reservedByNode(tasks, own))
      : new Map<string, { nanoCpus: number; memoryBytes: number }>(),
    o.registryAuth().then((auth) => imageProblems(o.engine, o.spec, auth)),
  ]);
  const problems = [...judgePlacement(o.spec, nodes, reserved), ...images];
  if (problems.length) throw preflightError(problems);
}
