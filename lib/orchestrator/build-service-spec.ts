// PolicyChecked<AppSpec> (the app model validatePolicy returned) → Engine API service specs.
//
// SECURITY INVARIANT: the engine spec is built field by field from an allow-list of model fields.
// Nothing is copied wholesale, so a field the model gains tomorrow reaches the engine only when
// it is added here on purpose. The input is a PolicyChecked value, which only validatePolicy makes
// (checked again at run time below, so a cast cannot stand in for it). What the policy accepts is
// exactly what is built here: settings swarm has no field for (ipc, cgroup, security_opt, sysctls,
// privileged, devices, host namespaces) are refused by the policy by name, not dropped or refused
// here, and the environment's publishing modes come from the context the policy checked.
import { appError, problem } from "@/lib/errors";
import { PolicyChecked, type AppSpec, type DeepReadonly, type MountSpec, type ServiceSpec, type VolumeSpec } from "@/lib/compose";
import type { EngineContainerSpec, EngineFileReference, EngineMount, EngineServiceSpec, EngineTaskTemplate, Labels } from "@/lib/docker";
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
  /** Engine names of the swarm secrets/configs made for this deploy, by top-level compose key
   * (swarm-objects.ts). The ids are filled in once they exist (withFileIds). */
  files?: { secrets: Record<string, string>; configs: Record<string, string> };
  /** Issue 19: the environment's logging target (lib/logging), set by a platform admin. When
   * present it replaces the compose file's `logging:` on every service, with a `tag` option
   * "<tagPrefix>/<app>/<service>", so a tenant can neither redirect nor silence it. */
  logDriver?: { name: string; options: Readonly<Record<string, string>>; tagPrefix: string };
}

type Service = DeepReadonly<ServiceSpec>;

const NS_PER_MS = 1_000_000;
const ms = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * NS_PER_MS));

function buildMount(m: DeepReadonly<MountSpec>, ctx: ServiceBuildContext, volumes: readonly DeepReadonly<VolumeSpec>[], volLabels: Labels): EngineMount {
  if (m.type === "tmpfs") {
    const opts = m.tmpfsSizeBytes !== undefined || m.tmpfsMode !== undefined ? { SizeBytes: m.tmpfsSizeBytes, Mode: m.tmpfsMode } : undefined;
    return { Type: "tmpfs", Target: m.target, ReadOnly: m.readOnly || undefined, TmpfsOptions: opts };
  }
  // bind sources were checked against the environment's allowed host paths by the policy
  if (m.type === "bind") return { Type: "bind", Source: m.source, Target: m.target, ReadOnly: m.readOnly || undefined };
  if (!m.source) return { Type: "volume", Target: m.target, ReadOnly: m.readOnly || undefined, VolumeOptions: m.noCopy ? { NoCopy: true } : undefined }; // anonymous
  const def = volumes.find((v) => v.name === m.source);
  return {
    Type: "volume",
    Source: volumeEngineName(ctx.appId, m.source),
    Target: m.target,
    ReadOnly: m.readOnly || undefined,
    VolumeOptions: {
      NoCopy: m.noCopy || undefined,
      Labels: volLabels,
      DriverConfig: def?.driver ? { Name: def.driver, Options: { ...def.driverOpts } } : undefined,
    },
  };
}

function buildHealthcheck(svc: Service) {
  const h = svc.healthcheck;
  if (!h) return undefined;
  if (h.disable) return { Test: ["NONE"] };
  return { Test: h.test ? [...h.test] : undefined, Interval: ms(h.intervalMs), Timeout: ms(h.timeoutMs), Retries: h.retries, StartPeriod: ms(h.startPeriodMs) };
}

function buildResources(svc: Service, shared: boolean): EngineTaskTemplate["Resources"] {
  const r = svc.resources;
  const limits = { NanoCPUs: r.cpus ? Math.round(r.cpus * 1e9) : undefined, MemoryBytes: r.memoryBytes, Pids: svc.pidsLimit };
  // Shared environments (issue 16): every task reserves its limits, so swarm never overcommits a
  // host several tenants use (and a tenant's replicas spread over the hosts, see Placement).
  if (shared) return { Limits: limits, Reservations: { NanoCPUs: limits.NanoCPUs, MemoryBytes: limits.MemoryBytes } };
  const reservations = { NanoCPUs: r.reservationCpus ? Math.round(r.reservationCpus * 1e9) : undefined, MemoryBytes: r.reservationMemoryBytes };
  return { Limits: limits, Reservations: reservations };
}

type FileRef = DeepReadonly<ServiceSpec["secrets"][number]>;

/** Secret/config references as the engine wants them; the ids are filled in by withFileIds. */
function buildFileRefs<I extends string, N extends string>(
  svc: Service,
  refs: readonly FileRef[],
  names: Record<string, string> | undefined,
  id: I,
  name: N,
  what: string,
) {
  return refs.map((r) => {
    const engineName = names && Object.prototype.hasOwnProperty.call(names, r.source) ? names[r.source] : undefined;
    if (!engineName)
      throw appError("INTERNAL", "deployment.errors.internal", undefined, `Service "${svc.name}": the ${what} "${r.source}" was not prepared for this deploy.`);
    return { File: { Name: r.target, UID: r.uid ?? "0", GID: r.gid ?? "0", Mode: r.mode ?? 0o444 }, [id]: "", [name]: engineName } as EngineFileReference<I, N>;
  });
}

function buildDns(svc: Service): EngineContainerSpec["DNSConfig"] {
  if (!svc.dns?.length && !svc.dnsSearch?.length && !svc.dnsOptions?.length) return undefined;
  return {
    Nameservers: svc.dns?.length ? [...svc.dns] : undefined,
    Search: svc.dnsSearch?.length ? [...svc.dnsSearch] : undefined,
    Options: svc.dnsOptions?.length ? [...svc.dnsOptions] : undefined,
  };
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs.filter((x) => x.length > 0))];
}

function buildOne(app: PolicyChecked<AppSpec>, svc: Service, ctx: ServiceBuildContext, aliases: string[]): EngineServiceSpec {
  const { endpointMode, publishMode } = app.context.publishing;
  const userLabels = withoutReserved(svc.labels);
  const stable = { tenantId: ctx.tenantId, environmentId: ctx.environmentId, appId: ctx.appId };
  // The revision goes on the service only: a changed container label would restart every task
  // of every service on each deploy, even services whose spec did not change.
  // deploy.labels are the service's own labels (and win there); labels go on service and containers.
  const serviceLabels = { ...userLabels, ...withoutReserved(svc.deployLabels ?? {}), ...appLabels({ ...stable, revisionId: ctx.revisionId }, svc.name) };
  const containerLabels = { ...userLabels, ...appLabels(stable, svc.name) };

  for (const p of svc.ports) {
    if (p.published === undefined) {
      // Revisions are stored with every port leased (prepareRevision); a model straight from the
      // parser must go through the port planner first.
      throw appError(
        "VALIDATION",
        "orchestratorErrors.noPublishedPort",
        { service: svc.name, port: p.target, protocol: p.protocol },
        `Service "${svc.name}": port ${p.target}/${p.protocol} has no published port (the port planner leases one)`,
        { details: [problem(`services.${svc.name}.ports`, "fieldErrors.publishedPortMissing", undefined, "published port missing")] },
      );
    }
  }

  return {
    Name: serviceEngineName(ctx.appId, svc.name),
    Labels: serviceLabels,
    TaskTemplate: {
      ContainerSpec: {
        Image: svc.image,
        Labels: containerLabels,
        Command: svc.entrypoint ? [...svc.entrypoint] : undefined,
        Args: svc.command ? [...svc.command] : undefined,
        Hostname: svc.hostname,
        Env: Object.entries(svc.environment).map(([k, v]) => `${k}=${v}`),
        Dir: svc.workingDir,
        User: svc.user,
        TTY: svc.tty || undefined,
        OpenStdin: svc.stdinOpen || undefined,
        Mounts: svc.mounts.map((m) => buildMount(m, ctx, app.spec.volumes, appLabels(stable))),
        StopGracePeriod: ms(svc.stopGracePeriodMs),
        HealthCheck: buildHealthcheck(svc),
        // busybox-style PID 1 ignores SIGTERM: without an init every stop waits the grace period
        Init: svc.init ?? true,
        CapabilityAdd: svc.capAdd.length > 0 ? [...svc.capAdd] : undefined,
        CapabilityDrop: svc.capDrop.length > 0 ? [...svc.capDrop] : undefined,
        ReadOnly: svc.readOnly || undefined,
        StopSignal: svc.stopSignal,
        Ulimits: svc.ulimits?.length ? svc.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })) : undefined,
        DNSConfig: buildDns(svc),
        Hosts: svc.extraHosts?.length ? svc.extraHosts.map((h) => `${h.ip} ${h.host}`) : undefined,
        Secrets: svc.secrets?.length ? buildFileRefs(svc, svc.secrets, ctx.files?.secrets, "SecretID", "SecretName", "secret") : undefined,
        Configs: svc.configs?.length ? buildFileRefs(svc, svc.configs, ctx.files?.configs, "ConfigID", "ConfigName", "config") : undefined,
      },
      Resources: buildResources(svc, app.context.shared === true),
      RestartPolicy: {
        Condition: svc.restart.condition,
        Delay: ms(svc.restart.delayMs),
        MaxAttempts: svc.restart.maxAttempts,
        Window: ms(svc.restart.windowMs),
      },
      Placement: {
        Constraints: svc.placement?.constraints?.length ? [...svc.placement.constraints] : undefined,
        // The file's spread preferences first; the platform's spread over nodes always applies.
        Preferences: [...(svc.placement?.preferences ?? []).map((p) => ({ Spread: { SpreadDescriptor: p } })), { Spread: { SpreadDescriptor: "node.id" } }],
        MaxReplicas: svc.placement?.maxReplicasPerNode || undefined,
      },
      Networks: [{ Target: ctx.network, Aliases: uniq([svc.name, ...aliases, ...(svc.networkAliases ?? [])]) }],
      LogDriver: ctx.logDriver
        ? { Name: ctx.logDriver.name, Options: { ...ctx.logDriver.options, tag: `${ctx.logDriver.tagPrefix}/${ctx.appName}/${svc.name}` } }
        : svc.logging
          ? { Name: svc.logging.driver, Options: Object.keys(svc.logging.options).length > 0 ? { ...svc.logging.options } : undefined }
          : undefined,
    },
    Mode: svc.mode === "global" ? { Global: {} } : { Replicated: { Replicas: svc.replicas } },
    UpdateConfig: {
      Parallelism: svc.update.parallelism ?? 1,
      Delay: ms(svc.update.delayMs),
      Order: svc.update.order,
      // Swarm watches each updated task for 5 s by default; 2 s keeps a redeploy quick while still
      // catching a task that dies at once. A failed update goes back to the previous spec.
      Monitor: ms(svc.update.monitorMs) ?? 2_000_000_000,
      MaxFailureRatio: svc.update.maxFailureRatio,
      FailureAction: svc.update.failureAction ?? "rollback",
    },
    RollbackConfig: svc.rollback
      ? {
          Parallelism: svc.rollback.parallelism ?? 0,
          Delay: ms(svc.rollback.delayMs),
          Order: svc.rollback.order,
          Monitor: ms(svc.rollback.monitorMs) ?? 2_000_000_000,
          MaxFailureRatio: svc.rollback.maxFailureRatio,
          FailureAction: svc.rollback.failureAction === "rollback" ? "pause" : (svc.rollback.failureAction ?? "pause"),
        }
      : { Parallelism: 0, Monitor: 2_000_000_000, FailureAction: "pause" },
    EndpointSpec: {
      Mode: svc.endpointMode ?? endpointMode,
      Ports: svc.ports.map((p) => ({
        Protocol: p.protocol,
        TargetPort: p.target,
        PublishedPort: p.published,
        PublishMode: publishMode,
      })),
    },
  };
}

/**
 * The engine spec of every service of a checked app, in the model's order. Throws INTERNAL for
 * anything that is not a PolicyChecked value made by validatePolicy (a cast, a look-alike object).
 */
export function buildServiceSpecs(app: PolicyChecked<AppSpec>, ctx: ServiceBuildContext): { service: string; spec: EngineServiceSpec }[] {
  if (!PolicyChecked.isChecked(app)) {
    throw appError("INTERNAL", "errors.INTERNAL", undefined, "Engine specs are built only from an app model that passed the policy.");
  }
  const aliases = linkAliases(app.spec.services);
  return app.spec.services.map((svc) => ({ service: svc.name, spec: buildOne(app, svc, ctx, aliases.get(svc.name) ?? []) }));
}

/** Network aliases each service needs so that other services' `links` resolve: a link
 * {service: "db", alias: "database"} on service A makes "database" a name of db's tasks. */
export function linkAliases(services: readonly Service[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of services) {
    for (const l of s.links) {
      if (l.alias && l.alias !== l.service) out.set(l.service, [...(out.get(l.service) ?? []), l.alias]);
    }
  }
  return out;
}
