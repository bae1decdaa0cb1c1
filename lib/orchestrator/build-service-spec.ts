// ServiceSpec (the validated app model) → Engine API service spec.
//
// SECURITY INVARIANT: the engine spec is built field by field from an allow-list of model fields.
// Nothing is copied wholesale, so a field the model gains tomorrow reaches the engine only when
// it is added here on purpose. Settings a swarm service cannot honour safely (privileged, devices,
// host namespaces, security options) are refused here as a second line behind the policy.
import { AppError } from "@/lib/errors";
import type { MountSpec, ServiceSpec, VolumeSpec } from "@/lib/compose/app-spec";
import type { EngineMount, EngineServiceSpec, EngineTaskTemplate, Labels } from "@/lib/docker";
import { appLabels, withoutReserved } from "./labels";
import { serviceEngineName, volumeEngineName } from "./names";

export interface ServiceBuildContext {
  appId: string;
  appName: string;
  tenantId: string;
  environmentId: string;
  revisionId: string;
  /** The app's overlay network (id or name). */
  network: string;
  /** "dnsrr" + "host" where the kernel has no IPVS (per-environment setting). */
  endpointMode: "dnsrr" | "vip";
  publishMode: "host" | "ingress";
  /** Extra DNS names for this service on the app network (link aliases other services use). */
  aliases?: string[];
  /** The app's top-level volume definitions (driver and options of named volumes). */
  volumes?: VolumeSpec[];
  /** Not part of the spec: sent as a header by deployApp. */
  registryAuth?: string;
}

const NS_PER_MS = 1_000_000;
const ms = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * NS_PER_MS));

function refuse(ctx: ServiceBuildContext, svc: ServiceSpec, key: string, what: string): never {
  throw new AppError("POLICY", `App "${ctx.appName}" service "${svc.name}": ${what} cannot be deployed`, [
    { path: `services.${svc.name}.${key}`, message: `${what} is not allowed`, rule: "swarm-driver" },
  ]);
}

/** Second line of defence: the policy should already have refused all of these. */
function assertNothingUnsafe(svc: ServiceSpec, ctx: ServiceBuildContext): void {
  if (svc.refused.length > 0) refuse(ctx, svc, svc.refused[0].path, `"${svc.refused[0].path}" (refused by policy)`);
  if (svc.privileged) refuse(ctx, svc, "privileged", "privileged mode");
  if (svc.devices.length > 0) refuse(ctx, svc, "devices", "device access");
  if (svc.networkMode) refuse(ctx, svc, "network_mode", "network_mode");
  if (svc.pid) refuse(ctx, svc, "pid", "a shared PID namespace");
  if (svc.ipc) refuse(ctx, svc, "ipc", "a shared IPC namespace");
  if (svc.usernsMode) refuse(ctx, svc, "userns_mode", "userns_mode");
  if (svc.cgroupns) refuse(ctx, svc, "cgroupns", "cgroupns");
  if (svc.securityOpt.length > 0) refuse(ctx, svc, "security_opt", "security_opt");
  if (ctx.endpointMode === "dnsrr" && ctx.publishMode === "ingress" && svc.ports.length > 0) {
    // the engine refuses this combination; say which setting is wrong instead
    throw new AppError("VALIDATION", "Ingress-published ports need the vip endpoint mode", [
      { path: "environment.publishMode", message: "use host publishing with dnsrr" },
    ]);
  }
}

function buildMount(m: MountSpec, svc: ServiceSpec, ctx: ServiceBuildContext, volLabels: Labels): EngineMount {
  if (!m.target.startsWith("/")) refuse(ctx, svc, "volumes", `mount target "${m.target}" (not absolute)`);
  if (m.type === "tmpfs") return { Type: "tmpfs", Target: m.target, ReadOnly: m.readOnly || undefined };
  if (m.type === "bind") {
    // binds were checked against the environment's allowed host paths by the policy
    if (!m.source || !m.source.startsWith("/")) refuse(ctx, svc, "volumes", `bind source "${m.source ?? ""}" (not absolute)`);
    return { Type: "bind", Source: m.source, Target: m.target, ReadOnly: m.readOnly || undefined };
  }
  if (!m.source) return { Type: "volume", Target: m.target, ReadOnly: m.readOnly || undefined }; // anonymous
  const def = ctx.volumes?.find((v) => v.name === m.source);
  return {
    Type: "volume",
    Source: volumeEngineName(ctx.appId, m.source),
    Target: m.target,
    ReadOnly: m.readOnly || undefined,
    VolumeOptions: {
      Labels: volLabels,
      DriverConfig: def?.driver ? { Name: def.driver, Options: { ...def.driverOpts } } : undefined,
    },
  };
}

function buildHealthcheck(svc: ServiceSpec) {
  const h = svc.healthcheck;
  if (!h) return undefined;
  if (h.disable) return { Test: ["NONE"] };
  return { Test: h.test, Interval: ms(h.intervalMs), Timeout: ms(h.timeoutMs), Retries: h.retries, StartPeriod: ms(h.startPeriodMs) };
}

function buildResources(svc: ServiceSpec): EngineTaskTemplate["Resources"] {
  const r = svc.resources;
  const limits = { NanoCPUs: r.cpus ? Math.round(r.cpus * 1e9) : undefined, MemoryBytes: r.memoryBytes };
  const reservations = { NanoCPUs: r.reservationCpus ? Math.round(r.reservationCpus * 1e9) : undefined, MemoryBytes: r.reservationMemoryBytes };
  return { Limits: limits, Reservations: reservations };
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs.filter((x) => x.length > 0))];
}

export function buildServiceSpec(svc: ServiceSpec, ctx: ServiceBuildContext): EngineServiceSpec {
  assertNothingUnsafe(svc, ctx);
  const userLabels = withoutReserved(svc.labels);
  const stable = { tenantId: ctx.tenantId, environmentId: ctx.environmentId, appId: ctx.appId };
  // The revision goes on the service only: a changed container label would restart every task
  // of every service on each deploy, even services whose spec did not change.
  const serviceLabels = { ...userLabels, ...appLabels({ ...stable, revisionId: ctx.revisionId }, svc.name) };
  const containerLabels = { ...userLabels, ...appLabels(stable, svc.name) };

  for (const p of svc.ports) {
    if (p.published === undefined) {
      throw new AppError("VALIDATION", `Service "${svc.name}": port ${p.target}/${p.protocol} has no published port (the port planner leases one)`, [
        { path: `services.${svc.name}.ports`, message: "published port missing" },
      ]);
    }
  }

  return {
    Name: serviceEngineName(ctx.appId, svc.name),
    Labels: serviceLabels,
    TaskTemplate: {
      ContainerSpec: {
        Image: svc.image,
        Labels: containerLabels,
        Command: svc.entrypoint,
        Args: svc.command,
        Hostname: svc.hostname,
        Env: Object.entries(svc.environment).map(([k, v]) => `${k}=${v}`),
        Dir: svc.workingDir,
        User: svc.user,
        TTY: svc.tty || undefined,
        OpenStdin: svc.stdinOpen || undefined,
        Mounts: svc.mounts.map((m) => buildMount(m, svc, ctx, appLabels(stable))),
        StopGracePeriod: ms(svc.stopGracePeriodMs),
        HealthCheck: buildHealthcheck(svc),
        // busybox-style PID 1 ignores SIGTERM: without an init every stop waits the grace period
        Init: svc.init ?? true,
        CapabilityAdd: svc.capAdd.length > 0 ? [...svc.capAdd] : undefined,
        CapabilityDrop: svc.capDrop.length > 0 ? [...svc.capDrop] : undefined,
        Sysctls: Object.keys(svc.sysctls).length > 0 ? { ...svc.sysctls } : undefined,
      },
      Resources: buildResources(svc),
      RestartPolicy: {
        Condition: svc.restart.condition,
        Delay: ms(svc.restart.delayMs),
        MaxAttempts: svc.restart.maxAttempts,
      },
      Placement: { Preferences: [{ Spread: { SpreadDescriptor: "node.id" } }] },
      Networks: [{ Target: ctx.network, Aliases: uniq([svc.name, ...(ctx.aliases ?? [])]) }],
    },
    Mode: { Replicated: { Replicas: svc.replicas } },
    UpdateConfig: {
      Parallelism: svc.update.parallelism ?? 1,
      Delay: ms(svc.update.delayMs),
      Order: svc.update.order,
      // Swarm watches each updated task for 5 s by default; 2 s keeps a redeploy quick while still
      // catching a task that dies at once. A failed update goes back to the previous spec.
      Monitor: 2_000_000_000,
      FailureAction: svc.update.failureAction ?? "rollback",
    },
    RollbackConfig: { Parallelism: 0, Monitor: 2_000_000_000, FailureAction: "pause" },
    EndpointSpec: {
      Mode: ctx.endpointMode,
      Ports: svc.ports.map((p) => ({
        Protocol: p.protocol,
        TargetPort: p.target,
        PublishedPort: p.published,
        PublishMode: ctx.publishMode,
      })),
    },
  };
}

/** Network aliases each service needs so that other services' `links` resolve: a link
 * {service: "db", alias: "database"} on service A makes "database" a name of db's tasks. */
export function linkAliases(services: ServiceSpec[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of services) {
    for (const l of s.links) {
      if (l.alias && l.alias !== l.service) out.set(l.service, [...(out.get(l.service) ?? []), l.alias]);
    }
  }
  return out;
}
