// Platform-reserved engine labels. They are written on every object the driver creates so the
// reconciler and a human with `docker service ls` can see what an object belongs to. They are
// never trusted to decide ownership: the database is the truth, and anyone with engine access
// can forge a label.
import type { Labels } from "@/lib/docker";

export const LABEL = {
  tenant: "caas.tenant",
  environment: "caas.environment",
  app: "caas.app",
  revision: "caas.revision",
  service: "caas.service",
} as const;

export type LabelKey = keyof typeof LABEL;

/** Users' labels may not use this prefix: a compose file must not be able to claim another app. */
export const RESERVED_LABEL_PREFIX = "caas.";

export interface AppLabelContext {
  tenantId: string;
  environmentId: string;
  appId: string;
  revisionId?: string;
}

export function isReservedLabel(key: string): boolean {
  return key.startsWith(RESERVED_LABEL_PREFIX);
}

/** User labels without any reserved key. */
export function withoutReserved(labels: Labels | undefined): Labels {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !isReservedLabel(k)));
}

/** tenant/environment/app (+ revision when given, + service when given). */
export function appLabels(ctx: AppLabelContext, service?: string): Labels {
  const l: Labels = {
    [LABEL.tenant]: ctx.tenantId,
    [LABEL.environment]: ctx.environmentId,
    [LABEL.app]: ctx.appId,
  };
  if (ctx.revisionId) l[LABEL.revision] = ctx.revisionId;
  if (service !== undefined) l[LABEL.service] = service;
  return l;
}

/** Engine filter strings ("caas.app=abc", or just "caas.app" for any value). */
export function labelFilters(selector: Partial<Record<LabelKey, string | true>>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(selector) as [LabelKey, string | true | undefined][]) {
    if (v === undefined) continue;
    out.push(v === true ? LABEL[k] : `${LABEL[k]}=${v}`);
  }
  return out;
}

/** What an object's labels claim (unverified). */
export function readClaims(labels: Labels): Partial<Record<LabelKey, string>> {
  const out: Partial<Record<LabelKey, string>> = {};
  for (const k of Object.keys(LABEL) as LabelKey[]) {
    const v = labels[LABEL[k]];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
