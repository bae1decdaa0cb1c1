// A revision's resolved model as stored (AppRevision.specJson), read back through a schema instead
// of an `as` cast: a row written by an older portal, or edited in the database, becomes a clear
// error, never a half-shaped model that the policy or the swarm driver trips over. The policy then
// judges it again with today's environment settings (lib/apps/revision-policy.ts).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { AppSpec } from "./app-spec";

const str = z.string().max(100_000);
const strings = z.array(str).max(10_000);
const record = z.record(str, str);
const refusal = z.object({ path: str, rule: str, message: str });
const ms = z.number().finite().optional();

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
  ports: z.array(z.object({ target: z.number(), published: z.number().optional(), protocol: z.enum(["tcp", "udp"]) })),
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
  restart: z.object({ condition: z.enum(["none", "on-failure", "any"]), maxAttempts: z.number().optional(), delayMs: ms }),
  update: z.object({
    parallelism: z.number().optional(),
    delayMs: ms,
    order: z.enum(["stop-first", "start-first"]).optional(),
    failureAction: z.enum(["pause", "continue", "rollback"]).optional(),
  }),
  init: z.boolean().optional(),
  tty: z.boolean().optional(),
  stdinOpen: z.boolean().optional(),
  stopGracePeriodMs: ms,
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
  refused: z.array(refusal),
  notes: strings,
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
  if (!r.success) throw new AppError("INTERNAL", "This revision's stored model cannot be read; deploy the app again from its Compose file.");
  return r.data;
}
