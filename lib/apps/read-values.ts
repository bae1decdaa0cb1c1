// Who may read an app's environment and variable values, and the stored plain variables.
import { can, type Actor } from "@/lib/policy";
import { z } from "@/lib/validation";

/**
 * Environment and variable values often hold secrets: only who may deploy the app (and so writes
 * them anyway) reads them; viewers get the names with the values hidden (lib/compose/redact-values.ts).
 */
export function mayReadValues(actor: Actor, app: { tenantId: string }): boolean {
  return can(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
}

const storedVariables = z.record(z.string(), z.string());

export function variablesOf(variablesJson: string): Record<string, string> {
  try {
    const r = storedVariables.safeParse(JSON.parse(variablesJson));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}
