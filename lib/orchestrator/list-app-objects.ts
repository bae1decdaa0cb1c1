// Engine objects whose labels claim an app, for the reconciler. Claims are unverified: the lead's
// reconciler compares them with the database and decides what to adopt or remove.
import type { Engine, Labels } from "@/lib/docker";
import { labelFilters, readClaims, type LabelKey } from "./labels";

export interface AppObject {
  kind: "service" | "network";
  id: string;
  name: string;
  labels: Labels;
  claims: Partial<Record<LabelKey, string>>;
}

/** selector: e.g. { environment: envId } or { app: true } (any value); empty = any caas.app. */
export async function listAppObjects(
  manager: Engine,
  selector: Partial<Record<LabelKey, string | true>> = {},
): Promise<{ services: AppObject[]; networks: AppObject[] }> {
  const label = labelFilters(Object.keys(selector).length > 0 ? selector : { app: true });
  const [services, networks] = await Promise.all([manager.listServices({ label }), manager.listNetworks({ label })]);
  return {
    services: services.map((s) => ({ kind: "service", id: s.id, name: s.name, labels: s.labels, claims: readClaims(s.labels) })),
    networks: networks.map((n) => ({ kind: "network", id: n.id, name: n.name, labels: n.labels, claims: readClaims(n.labels) })),
  };
}
