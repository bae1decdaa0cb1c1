// ─── Security invariant (SECURITY.md "The policy", T9/T10) ────────────────────────────────────────
// validatePolicy is THE validator: every path that creates or changes an engine object (deploy,
// redeploy, scale, template deploy, rollback, service edit) calls it on the normalized AppSpec,
// after interpolation and after applyEnvironmentDefaults, before any engine call. It reports every
// violation at once, each with its rule and compose key path. Adding a path that skips it, or a
// second validator that differs from it, reopens the Portainer class of bugs (GHSA-5fxq-qcf3-244w).
// ─────────────────────────────────────────────────────────────────────────────────────────────────

import type { AppSpec } from "./app-spec";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { childPath } from "./issues";
import { checkVolume } from "./policy-host-paths";
import { SERVICE_RULES } from "./policy-service";
import { checkStructure } from "./policy-structure";

export interface PolicyContext {
  /** Host paths a platform admin allows bind mounts from (and below), for this environment. */
  bindAllowList: string[];
  /** The environment's published-port pool, inclusive. */
  portRange: { from: number; to: number };
}

export type PolicyRule =
  | "privileged" | "capabilities" | "devices" | "host-namespaces" | "security-opt" | "sysctls" | "bind-mount" | "docker-socket"
  | "volume-driver" | "reserved-label" | "build" | "file-reference" | "environment-reference" | "volumes-from" | "external-links"
  | "external-resource" | "cgroup-parent" | "placement" | "logging" | "host-ip" | "port-mode" | "port-range" | "resource-limits"
  | "unsupported" | "malformed";

function checkPorts(spec: AppSpec, ctx: PolicyContext): ErrorDetail[] {
  const { from, to } = ctx.portRange;
  const out: ErrorDetail[] = [];
  for (const s of spec.services) {
    s.ports.forEach((p, i) => {
      if (p.published === undefined || (p.published >= from && p.published <= to)) return;
      out.push({
        rule: "port-range",
        path: childPath(childPath(childPath("services", s.name), "ports"), i),
        message: `Published port ${p.published} is outside this environment's pool (${from}-${to}); pick one in the pool or leave it out to get one leased`,
      });
    });
  }
  return out;
}

/** Every violation of the policy in `spec`, in a stable order; empty when the spec may run. */
export function policyViolations(spec: AppSpec, ctx: PolicyContext): ErrorDetail[] {
  const out: ErrorDetail[] = [...checkStructure(spec)];
  for (const s of spec.services) {
    const base = childPath("services", s.name);
    for (const rule of SERVICE_RULES) out.push(...rule(s, base, ctx.bindAllowList));
  }
  for (const v of spec.volumes) out.push(...checkVolume(v, ctx.bindAllowList));
  out.push(...spec.refused.map((r) => ({ rule: r.rule, path: r.path, message: r.message })));
  out.push(...checkPorts(spec, ctx));
  return out;
}

/** Throws POLICY naming every broken rule and its key path; returns if the spec may run. */
export function validatePolicy(spec: AppSpec, ctx: PolicyContext): void {
  const details = policyViolations(spec, ctx);
  if (details.length === 0) return;
  const n = details.length;
  throw new AppError("POLICY", `The compose file breaks ${n} security rule${n === 1 ? "" : "s"}`, details);
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
