// Alert rules as answers: the webhook secret never leaves the portal (only whether one is set).
import type { AlertRule } from "@prisma/client";
import { z } from "@/lib/validation";

export const ALERT_KINDS = [
  "replicas_below_desired",
  "container_restarting",
  "cpu_above",
  "memory_above",
  "host_down",
  "host_disk_above",
  "deploy_failed",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertRuleDto {
  id: string;
  tenantId: string;
  name: string;
  kind: AlertKind;
  environmentId: string | null;
  appId: string | null;
  serviceId: string | null;
  threshold: number | null;
  forSeconds: number;
  webhookUrl: string | null;
  webhookSecretSet: boolean;
  emails: string[];
  enabled: boolean;
  silencedUntil: string | null;
  createdAt: string;
}

const emails = z.array(z.string()).catch([]);

export function toAlertRuleDto(r: AlertRule): AlertRuleDto {
  let list: string[] = [];
  try {
    list = emails.parse(JSON.parse(r.emails));
  } catch {
    list = [];
  }
  return {
    id: r.id,
    tenantId: r.tenantId,
    name: r.name,
    kind: r.kind as AlertKind,
    environmentId: r.environmentId,
    appId: r.appId,
    serviceId: r.serviceId,
    threshold: r.threshold,
    forSeconds: r.forSeconds,
    webhookUrl: r.webhookUrl,
    webhookSecretSet: !!r.webhookSecretEnc,
    emails: list,
    enabled: r.enabled,
    silencedUntil: r.silencedUntil?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
