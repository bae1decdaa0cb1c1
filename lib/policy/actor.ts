import type { TenantRole } from "./permissions";

/** The authenticated caller, rebuilt from the database on every request (never from a stale token). */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  /** tenantId → role */
  roles: ReadonlyMap<string, TenantRole>;
  via: "session" | "token" | "system";
}

export function tenantIdsOf(actor: Actor): string[] {
  return [...actor.roles.keys()];
}

/** The system actor runs jobs on behalf of the platform (reconciler, worker). Never given to a transport. */
export const SYSTEM_ACTOR: Actor = {
  userId: "system",
  email: "system",
  name: "system",
  platformAdmin: true,
  roles: new Map(),
  via: "system",
};
