// ─── Security invariant (issue 9, hole 3) ────────────────────────────────────────────────────────
// A stored revision is judged again by today's policy, with the environment's settings of today
// (bind allow-list, defaults, port pool, bounds, publishing), every time it is applied: start of a
// stopped app, a deploy job that runs after a restart, rollback, any future repair. An admin who
// removes a path from the bind allow-list never sees a bind re-created. The swarm driver only
// accepts the PolicyChecked value returned here (or by checkCompose), so there is no other way.
// ─────────────────────────────────────────────────────────────────────────────────────────────────
import { z } from "zod";
import {
  applyEnvironmentDefaults,
  environmentLimits,
  parseCompose,
  readStoredSpec,
  validatePolicy,
  type AppSpec,
  type PolicyChecked,
  type PolicyContext,
} from "@/lib/compose";
import { remapOutOfPoolPorts } from "@/lib/ports/remap-ports";
import { revisionSpecJson } from "./app-variables";

/** The environment columns the policy depends on (a Prisma Environment row has them all). */
export interface PolicyEnvironment {
  id: string;
  tenantId: string;
  portFrom: number;
  portTo: number;
  defaultCpus: number;
  defaultMemoryMb: number;
  bindAllowList: string;
  endpointMode: string;
  publishMode: string;
  /** Issue 16: shared environments never have a bind allow-list, and reserve what services limit. */
  shared?: boolean;
}

const allowList = z.array(z.string().max(4096)).max(1_000);

/** Today's policy context of an environment. An unreadable allow-list allows nothing (fails closed). */
export function policyContextFor(env: PolicyEnvironment): PolicyContext {
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.bindAllowList);
  } catch {
    parsed = [];
  }
  const list = allowList.safeParse(parsed);
  return {
    bindAllowList: list.success && !env.shared ? list.data : [],
    shared: env.shared === true,
    portRange: { from: env.portFrom, to: env.portTo },
    limits: environmentLimits(env),
    publishing: {
      endpointMode: env.endpointMode === "vip" ? "vip" : "dnsrr",
      publishMode: env.publishMode === "ingress" ? "ingress" : "host",
    },
  };
}

function withDefaults(env: PolicyEnvironment, spec: AppSpec): AppSpec {
  return applyEnvironmentDefaults(spec, { cpus: env.defaultCpus, memoryMb: env.defaultMemoryMb });
}

export interface DeployOptions {
  /** Lease a pool port for every published port outside the pool (keeping the asked-for one as `requested`). */
  remapPorts?: boolean;
  /** Compose profiles to enable; services with other profiles are left out. */
  profiles?: string[];
}

/** Compose text → checked model, before any transaction: throws VALIDATION or POLICY naming key paths. */
export function checkCompose(
  env: PolicyEnvironment,
  composeText: string,
  variables: Record<string, string>,
  options: DeployOptions = {},
): PolicyChecked<AppSpec> {
  const parsed = parseCompose(composeText, variables, options.profiles ? { profiles: options.profiles } : {});
  const spec = options.remapPorts ? remapOutOfPoolPorts(parsed, { from: env.portFrom, to: env.portTo }) : parsed;
  return validatePolicy(withDefaults(env, spec), policyContextFor(env));
}

/** A stored revision's model, judged by today's policy; throws POLICY naming each rule it breaks now. */
export function checkStoredRevision(env: PolicyEnvironment, revision: { specJson: string }): PolicyChecked<AppSpec> {
  return validatePolicy(withDefaults(env, readStoredSpec(revisionSpecJson(revision))), policyContextFor(env));
}
