// Deploy options ({ remapPorts, profiles }) from input, and from a stored revision (zod-parsed).
import { z } from "@/lib/validation";
import type { DeployOptions } from "./revision-policy";

export const optionsOf = (d: { remapPorts?: boolean; profiles?: string[] }): DeployOptions => ({
  ...(d.remapPorts ? { remapPorts: true } : {}),
  ...(d.profiles?.length ? { profiles: d.profiles } : {}),
});

const storedOptions = z.object({ remapPorts: z.boolean().optional(), profiles: z.array(z.string().max(64)).max(32).optional() });

export function optionsOfRevision(optionsJson: string): DeployOptions {
  try {
    const r = storedOptions.safeParse(JSON.parse(optionsJson));
    return r.success ? optionsOf(r.data) : {};
  } catch {
    return {};
  }
}
