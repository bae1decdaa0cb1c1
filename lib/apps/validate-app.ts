// Validate without deploying: the same path as a deploy up to the engine — parse, environment
// defaults, remap (option), the one policy validator, portal secret/config references, and the
// port plan as a dry run — answered as a normalized view with warnings, or the same 400/422 a
// deploy would give. Writes nothing: no app, revision, lease, job or audit row.
import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { loadEnvironment } from "@/lib/environments";
import { parseInput, z } from "@/lib/validation";
import { planPorts } from "@/lib/ports/lease-ports";
import { portMappingsOf, type PortMapping } from "@/lib/ports/remap-ports";
import { appName, composeText, profiles, remapPorts, variables } from "./app-input";
import { NO_VARIABLES, revisionVariables, variablesFromInput } from "./app-variables";
import { checkDeploy } from "./check-deploy";
import { warningDto, type WarningDto } from "./warning-dto";

const validateInput = z.object({ name: appName.optional(), compose: composeText, variables, remapPorts, profiles }).strict();

export interface ValidatedService {
  name: string;
  image: string;
  replicas: number;
  ports: { target: number; published?: number; protocol: string; requested?: number }[];
  /** Environment variable names only. */
  env: string[];
  volumes: { type: string; source?: string; target: string; readOnly: boolean }[];
  healthcheck?: { test?: string[]; disable?: boolean; intervalMs?: number; timeoutMs?: number; retries?: number; startPeriodMs?: number };
  secrets: { source: string; target: string }[];
  configs: { source: string; target: string }[];
}

export interface ValidateAnswer {
  services: ValidatedService[];
  warnings: WarningDto[];
  portMappings: PortMapping[];
}

export async function validateApp({ actor, environmentId, input }: { actor: Actor; environmentId: unknown; input: unknown }): Promise<ValidateAnswer> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "app.deploy", { tenantId: env.tenantId, kind: "Environment" });
  const data = parseInput(validateInput, input);
  // With the name of an existing app: its services keep their leased ports, `{ secret: true }` its values.
  const existing = data.name
    ? await db.app.findFirst({
        where: { environmentId: env.id, tenantId: env.tenantId, name: data.name },
        include: { services: { select: { id: true, name: true } } },
      })
    : null;
  const current = existing?.currentRevisionId ? await db.appRevision.findFirst({ where: { id: existing.currentRevisionId, appId: existing.id } }) : null;
  const vars = variablesFromInput(data.variables, current ? revisionVariables(current) : NO_VARIABLES);
  const checked = await checkDeploy(env, data.compose, vars, { remapPorts: data.remapPorts, profiles: data.profiles });
  const spec = checked.spec;
  const ids = new Map((existing?.services ?? []).map((s) => [s.name, s.id]));
  const ports = await planPorts(
    db,
    env,
    spec.services.map((s) => ({ serviceId: ids.get(s.name) ?? `new:${s.name}`, serviceName: s.name, ports: s.ports.map((p) => ({ ...p })) })),
  );
  const services: ValidatedService[] = spec.services.map((s) => ({
    name: s.name,
    image: s.image,
    replicas: s.replicas,
    ports: (ports.get(s.name) ?? []).map((p) => ({
      target: p.target,
      published: p.published,
      protocol: p.protocol,
      ...(p.requested !== undefined ? { requested: p.requested } : {}),
    })),
    env: Object.keys(s.environment).sort(),
    volumes: s.mounts.map((m) => ({ type: m.type, ...(m.source !== undefined ? { source: m.source } : {}), target: m.target, readOnly: m.readOnly })),
    ...(s.healthcheck ? { healthcheck: { ...s.healthcheck, test: s.healthcheck.test ? [...s.healthcheck.test] : undefined } } : {}),
    secrets: (s.secrets ?? []).map((r) => ({ source: r.source, target: r.target })),
    configs: (s.configs ?? []).map((r) => ({ source: r.source, target: r.target })),
  }));
  return {
    services,
    warnings: (spec.warnings ?? []).map(warningDto),
    portMappings: portMappingsOf({
      services: services.map((s) => ({ name: s.name, ports: s.ports.map((p) => ({ ...p, protocol: p.protocol as "tcp" | "udp" })) })),
    }),
  };
}
