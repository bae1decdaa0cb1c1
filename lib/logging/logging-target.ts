// An environment's logging target as admins set it, and the engine logging driver it becomes.
import type { EnvironmentLogging } from "@prisma/client";
import { parseInput, z } from "@/lib/validation";

export const LOG_DRIVERS = ["syslog", "gelf", "fluentd"] as const;
export type LogDriverName = (typeof LOG_DRIVERS)[number];

// A host name or an IP literal: no scheme, no path, no spaces (it goes into an engine option).
const address = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+|[0-9a-fA-F:]+)$/, "a host name or IP address");

export const loggingTargetInput = z
  .object({
    driver: z.enum(LOG_DRIVERS),
    address,
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(["tcp", "udp"]).default("udp"),
  })
  .strict();
export type LoggingTarget = z.infer<typeof loggingTargetInput>;

export function parseLoggingTarget(raw: unknown): LoggingTarget {
  return parseInput(loggingTargetInput, raw);
}

export interface LoggingTargetDto extends LoggingTarget {
  environmentId: string;
  updatedAt: string;
}

export function toLoggingTargetDto(r: EnvironmentLogging): LoggingTargetDto {
  return {
    environmentId: r.environmentId,
    driver: r.driver as LogDriverName,
    address: r.address,
    port: r.port,
    protocol: r.protocol === "tcp" ? "tcp" : "udp",
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What the service spec builder puts on every service: the driver, its options, the tag prefix. */
export interface ServiceLogDriver {
  name: LogDriverName;
  options: Record<string, string>;
  /** "<tenant>": the builder appends "/<app>/<service>" as the `tag` option. */
  tagPrefix: string;
}

export function engineLogDriver(t: LoggingTarget, tenantSlug: string): ServiceLogDriver {
  const host = t.address.includes(":") && !t.address.startsWith("[") ? `[${t.address}]` : t.address;
  switch (t.driver) {
    case "syslog":
      // RFC 5424 framing keeps the whole tag (RFC 3164 receivers cut it at 32 characters)
      return { name: "syslog", options: { "syslog-address": `${t.protocol}://${host}:${t.port}`, "syslog-format": "rfc5424micro" }, tagPrefix: tenantSlug };
    case "gelf":
      return {
        name: "gelf",
        options: { "gelf-address": `${t.protocol}://${host}:${t.port}`, labels: "caas.tenant,caas.environment,caas.app,caas.service" },
        tagPrefix: tenantSlug,
      };
    case "fluentd":
      // async: a fluentd that is down must not keep containers from starting
      return {
        name: "fluentd",
        options: { "fluentd-address": `${host}:${t.port}`, "fluentd-async": "true", labels: "caas.tenant,caas.environment,caas.app,caas.service" },
        tagPrefix: tenantSlug,
      };
  }
}
