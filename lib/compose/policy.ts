// ─── Security invariant (SECURITY.md "The policy", T9/T10) ────────────────────────────────────────
// validatePolicy is THE validator: every path that creates or changes an engine object (deploy,
// redeploy, start, rollback, template deploy, resume after a restart) calls it on the normalized
// AppSpec, after interpolation and after applyEnvironmentDefaults, with the environment's settings
// of today, before any engine call. It reports every violation at once, each with its rule and
// compose key path. Adding a path that skips it, or a second validator that differs from it,
// reopens the Portainer class of bugs (GHSA-5fxq-qcf3-244w).
//
// The swarm driver only builds engine specs from a PolicyChecked value, and only validatePolicy
// can make one: the class's constructor is private, its fields are ECMAScript-private (an object
// literal, a spread or a JSON round trip is not one; a cast is caught at run time by #checked) and
// the value is a frozen copy, so nothing can change the model between the check and the build.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

import type { AppSpec } from "./app-spec";
import { AppError, appError, problem, type ErrorDetail } from "@/lib/errors";
import { childPath, refusalDetail } from "./issues";
import { checkVolume } from "./policy-host-paths";
import { SERVICE_RULES } from "./policy-service";
import { checkStructure } from "./policy-structure";
import type { ResourceLimits } from "./limits";

export interface PolicyContext {
  /** Host paths a platform admin allows bind mounts from (and below), for this environment. */
  bindAllowList: string[];
  /** The environment's published-port pool, inclusive. */
  portRange: { from: number; to: number };
  /** The environment's bounds on replicas, CPUs and memory (limits.ts). */
  limits: ResourceLimits;
  /** How the environment publishes ports; the swarm driver builds exactly these. */
  publishing: { endpointMode: "dnsrr" | "vip"; publishMode: "host" | "ingress" };
  /** A shared environment (issue 16): the swarm driver reserves each service's limits and spreads it. */
  shared?: boolean;
}

export type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

// Neither is exported: validatePolicy is the only caller of mint, the class's only constructor call.
const MINT_KEY = Symbol("policy-checked");
let mint: <S extends AppSpec>(spec: S, context: PolicyContext) => PolicyChecked<S>;

/** A model that passed validatePolicy under `context`: the only input the swarm driver accepts. */
export class PolicyChecked<T extends AppSpec = AppSpec> {
  readonly #spec: DeepReadonly<T>;
  readonly #context: Readonly<PolicyContext>;

  private constructor(key: symbol, spec: T, context: PolicyContext) {
    // `private` is a compile-time word only: Reflect.construct from plain JS still needs the key.
    if (key !== MINT_KEY) throw appError("INTERNAL", "errors.INTERNAL", undefined, "Only the policy validator makes checked app models.");
    this.#spec = deepFreeze(structuredClone(spec)) as DeepReadonly<T>;
    this.#context = deepFreeze(structuredClone(context));
  }

  /** The checked model (a frozen copy). */
  get spec(): DeepReadonly<T> {
    return this.#spec;
  }

  /** A mutable, unchecked deep copy (e.g. for the port planner, whose result is checked again). */
  copy(): T {
    return structuredClone(this.#spec) as T;
  }

  /** The environment settings it was checked against. */
  get context(): Readonly<PolicyContext> {
    return this.#context;
  }

  /** True only for values validatePolicy made (a cast or a look-alike object is not one). */
  static isChecked(v: unknown): v is PolicyChecked {
    return v !== null && typeof v === "object" && #spec in v;
  }

  static {
    mint = <S extends AppSpec>(spec: S, context: PolicyContext) => new PolicyChecked<S>(MINT_KEY, spec, context);
  }
}

export type PolicyRule =
  | "privileged"
  | "capabilities"
  | "devices"
  | "host-namespaces"
  | "security-opt"
  | "sysctls"
  | "bind-mount"
  | "docker-socket"
  | "volume-driver"
  | "reserved-label"
  | "build"
  | "file-reference"
  | "environment-reference"
  | "volumes-from"
  | "external-links"
  | "external-resource"
  | "cgroup-parent"
  | "placement"
  | "logging"
  | "host-ip"
  | "port-mode"
  | "port-range"
  | "resource-limits"
  | "resource-bounds"
  | "unsupported"
  | "malformed"
  | "runtime"
  | "storage-opt"
  | "isolation"
  | "oom-kill-disable"
  | "inline-content";

/** The published-port rule's messages (one place, for the catalogs later). */
export const PORT_MESSAGES = {
  outsidePool: (port: number, from: number, to: number) =>
    `Published port ${port} is outside this environment's port pool (${from}–${to}); deploy with remapPorts: true to get a pool port leased in its place, publish a port from ${from}–${to}, or leave the published port out`,
};

/** Published ports come from the environment's pool (rule port-range); remapPorts leases one instead. */
function checkPorts(spec: AppSpec, ctx: PolicyContext): ErrorDetail[] {
  const { from, to } = ctx.portRange;
  const out: ErrorDetail[] = [];
  for (const s of spec.services) {
    s.ports.forEach((p, i) => {
      if (p.published === undefined || (p.published >= from && p.published <= to)) return;
      out.push(
        problem(
          childPath(childPath(childPath("services", s.name), "ports"), i),
          "composeRules.portOutsidePool",
          { port: p.published, from, to },
          PORT_MESSAGES.outsidePool(p.published, from, to),
          "port-range",
        ),
      );
    });
  }
  return out;
}

/** Swarm refuses ingress-published ports on dnsrr services: say so as a rule, not at deploy time. */
function checkPublishing(spec: AppSpec, ctx: PolicyContext): ErrorDetail[] {
  const { endpointMode, publishMode } = ctx.publishing;
  if (publishMode !== "ingress") return [];
  const out: ErrorDetail[] = [];
  for (const s of spec.services) {
    if (s.ports.length === 0) continue;
    // A service's own deploy.endpoint_mode wins over the environment's (build-service-spec.ts).
    if (s.endpointMode === "dnsrr") {
      out.push(
        problem(
          childPath(childPath(childPath("services", s.name), "deploy"), "endpoint_mode"),
          "composeRules.dnsrrIngress",
          undefined,
          "endpoint_mode dnsrr cannot publish ports through this environment's ingress mesh; remove endpoint_mode or the ports",
          "port-mode",
        ),
      );
    } else if (s.endpointMode === undefined && endpointMode === "dnsrr") {
      out.push(
        problem(
          childPath(childPath("services", s.name), "ports"),
          "composeRules.environmentDnsrrIngress",
          undefined,
          "This environment publishes ports through the ingress mesh with the dnsrr endpoint mode, which swarm cannot do; its owner must switch to host publishing or the vip endpoint mode",
          "port-mode",
        ),
      );
    }
  }
  return out;
}

/** Every violation of the policy in `spec`, in a stable order; empty when the spec may run. */
export function policyViolations(spec: AppSpec, ctx: PolicyContext): ErrorDetail[] {
  const out: ErrorDetail[] = [...checkStructure(spec)];
  for (const s of spec.services) {
    const base = childPath("services", s.name);
    for (const rule of SERVICE_RULES) out.push(...rule(s, base, ctx));
  }
  for (const v of spec.volumes) out.push(...checkVolume(v, ctx.bindAllowList));
  out.push(...spec.refused.map(refusalDetail));
  out.push(...checkPorts(spec, ctx));
  out.push(...checkPublishing(spec, ctx));
  return out;
}

/** The POLICY error for `details`; its message names the first rules, so a job's error says why. */
export function policyError(details: ErrorDetail[]): AppError {
  const n = details.length;
  const rules = [...new Set(details.map((d) => d.rule).filter((r): r is string => !!r))];
  const list = `${rules.slice(0, 5).join(", ")}${rules.length > 5 ? ", …" : ""}`;
  const english = `The compose file breaks ${n} security rule${n === 1 ? "" : "s"}${rules.length > 0 ? ` (${list})` : ""}`;
  // the rule names are codes (privileged, bind-mount), the same in every language
  return rules.length > 0
    ? appError("POLICY", "composeErrors.policyRules", { count: n, rules: list }, english, { details })
    : appError("POLICY", "composeErrors.policy", { count: n }, english, { details });
}

/**
 * Throws POLICY naming every broken rule and its key path. When the spec may run, returns it as a
 * PolicyChecked value: a frozen copy, the only thing the swarm driver builds engine specs from.
 */
export function validatePolicy<T extends AppSpec>(spec: T, ctx: PolicyContext): PolicyChecked<T> {
  const details = policyViolations(spec, ctx);
  if (details.length > 0) throw policyError(details);
  return mint(spec, ctx);
}

/**
 * The same checked model with some services' images replaced (a region's registry instead of the
 * default one, issue 17: same repository and reference), checked again under the same context.
 */
export function withServiceImages<T extends AppSpec>(checked: PolicyChecked<T>, images: Readonly<Record<string, string>>): PolicyChecked<T> {
  const copy = checked.copy();
  for (const s of copy.services) s.image = images[s.image] ?? s.image;
  return validatePolicy(copy, structuredClone(checked.context) as PolicyContext);
}

/**
 * Fills the environment's default CPU and memory limits into every service that has none, so the
 * required-limits rule holds. Returns a copy; the input is not changed.
 */
export function applyEnvironmentDefaults(spec: AppSpec, d: { cpus: number; memoryMb: number }): AppSpec {
  const copy = structuredClone(spec);
  for (const s of copy.services) {
    const r = s.resources;
    // A reservation above the default limit would make the engine reject the service; the user
    // asked for that much explicitly, and could as well have set the limit, so the limit follows.
    if (r.cpus === undefined) r.cpus = Math.max(d.cpus, r.reservationCpus ?? 0);
    if (r.memoryBytes === undefined) r.memoryBytes = Math.max(Math.round(d.memoryMb * 1024 * 1024), r.reservationMemoryBytes ?? 0);
  }
  return copy;
}
