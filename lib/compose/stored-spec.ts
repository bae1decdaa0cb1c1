// A revision's resolved model as stored (AppRevision.specJson), read back through a schema instead
// of an `as` cast: a row written by an older portal, or edited in the database, becomes a clear
// error, never a half-shaped model that the policy or the swarm driver trips over. The policy then
// judges it again with today's environment settings (lib/apps/revision-policy.ts).
import { z } from "zod";
import { appError } from "@/lib/errors";
import type { AppSpec } from "./app-spec";

const str = z.string().max(100_000);
const strings = z.array(str).max(10_000);
const record = z.record(str, str);
const refusal = z.object({ path: str, rule: str, message: str, key: str.optional(), params: z.record(str, z.union([str, z.number()])).optional() });
const ms = z.number().finite().optional();
const fileRef = z.object({ source: str, target: str, uid: str.optional(), gid: str.optional(), mode: z.number().optional() });
const externalObject = z.object({ name: str, externalName: str });
const update = z.object({
  parallelism: z.number().optional(),
  delayMs: ms,
  order: z.enum(["stop-first", "start-first"]).optional(),
  failureAction: z.enum(["pause", "continue", "rollback"]).optional(),
  monitorMs: ms,
  maxFailureRatio: z.number().optional(),
});

const service = z.object({
  name: str,
  image: str,
  command: strings.optional(),
  entrypoint: strings.optional(),
  environment: record,
  workingDir: str.optional(),
  user: str.optional(),
  hostname: str.optional(),
  labels: record,
  replicas: z.number(),
  ports: z.array(z.object({ target: z.number(), published: z.number().optional(), protocol: z.enum(["tcp", "udp"]), requested: z.number().optional() })),
  mounts: z.array(z.object({ type: z.enum(["volume", "bind", "tmpfs"]), source: str.optional(), target: str, readOnly: z.boolean() })),
  links: z.array(z.object({ service: str, alias: str })),
  dependsOn: strings,
  healthcheck: z
    .object({ disable: z.boolean().optional(), test: strings.optional(), intervalMs: ms, timeoutMs: ms, retries: z.number().optional(), startPeriodMs: ms })
    .optional(),
  resources: z.object({
    cpus: z.number().optional(),
    memoryBytes: z.number().optional(),
    reservationCpus: z.number().optional(),
    reservationMemoryBytes: z.number().optional(),
  }),
  restart: z.object({ condition: z.enum(["none", "on-failure", "any"]), maxAttempts: z.number().optional(), delayMs: ms, windowMs: ms }),
  update,
  rollback: update.optional(),
  mode: z.enum(["replicated", "global"]).optional(),
  endpointMode: z.enum(["vip", "dnsrr"]).optional(),
  placement: z.object({ constraints: strings.optional(), preferences: strings.optional(), maxReplicasPerNode: z.number().optional() }).optional(),
  deployLabels: record.optional(),
  networkAliases: strings.optional(),
  secrets: z.array(fileRef).max(1_000).default([]),
  configs: z.array(fileRef).max(1_000).default([]),
  init: z.boolean().optional(),
  tty: z.boolean().optional(),
  stdinOpen: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  stopSignal: str.optional(),
  stopGracePeriodMs: ms,
  ulimits: z
    .array(z.object({ name: str, soft: z.number(), hard: z.number() }))
    .max(100)
    .optional(),
  pidsLimit: z.number().optional(),
  dns: strings.optional(),
  dnsSearch: strings.optional(),
  dnsOptions: strings.optional(),
  extraHosts: z
    .array(z.object({ host: str, ip: str }))
    .max(10_000)
    .optional(),
  logging: z.object({ driver: str, options: record }).optional(),
  privileged: z.boolean(),
  capAdd: strings,
  capDrop: strings,
  devices: strings,
  networkMode: str.optional(),
  pid: str.optional(),
  ipc: str.optional(),
  usernsMode: str.optional(),
  cgroupns: str.optional(),
  securityOpt: strings,
  sysctls: record,
  refused: z.array(refusal),
});

const appSpec = z.object({
  services: z.array(service).max(1_000),
  volumes: z.array(z.object({ name: str, driver: str.optional(), driverOpts: record })).max(1_000),
  secrets: z.array(externalObject).max(1_000).default([]),
  configs: z.array(externalObject).max(1_000).default([]),
  refused: z.array(refusal),
  // Older revisions kept plain-text notes; they are not needed to apply a revision.
  warnings: z
    .array(
      z.object({
        path: str,
        message: str,
        key: str.optional(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
        line: z.number().optional(),
        column: z.number().optional(),
      }),
    )
    .max(10_000)
    .default([]),
});

/** The stored model of a revision, or INTERNAL when the row does not hold one (never a guess). */
export function readStoredSpec(specJson: string): AppSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(specJson);
  } catch {
    raw = undefined;
  }
  const r = appSpec.safeParse(raw);
  if (!r.success)
    throw appError(
      "INTERNAL",
      "appErrors.storedModelUnreadable",
      undefined,
      "This revision's stored model cannot be read; deploy the app again from its Compose file.",
    );
  return r.data;
}
