// Platform-wide policy values an admin sets (one row, id "platform"): the networks tenant-owned
// host endpoints may (allow) or may not (deny) reach, and ports no environment's pool may include.
// Stored as JSON text columns; parsed with zod on every read, never cast.
import { db } from "@/lib/db";
import { appError } from "@/lib/errors";
import { z } from "@/lib/validation";

export const SETTINGS_ID = "platform";

export interface PlatformSettings {
  hostNetworkAllow: string[];
  hostNetworkDeny: string[];
  reservedPorts: number[];
}

export interface PlatformSettingsDto extends PlatformSettings {
  updatedAt: string | null;
}

export const DEFAULT_SETTINGS: PlatformSettings = { hostNetworkAllow: [], hostNetworkDeny: [], reservedPorts: [] };

const cidrList = z.array(z.string().max(64)).max(200);
const portList = z.array(z.number().int().min(1).max(65535)).max(1000);

function parseColumn<T>(schema: z.ZodType<T>, text: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const r = schema.safeParse(raw);
  // Fail closed: a deny list that cannot be read must not silently become "deny nothing".
  if (!r.success)
    throw appError("INTERNAL", "settingsErrors.unreadable", undefined, "The platform settings cannot be read; a platform administrator must save them again.");
  return r.data;
}

export function parseSettingsRow(row: { hostNetworkAllow: string; hostNetworkDeny: string; reservedPorts: string } | null): PlatformSettings {
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    hostNetworkAllow: parseColumn(cidrList, row.hostNetworkAllow),
    hostNetworkDeny: parseColumn(cidrList, row.hostNetworkDeny),
    reservedPorts: parseColumn(portList, row.reservedPorts),
  };
}

/** The current settings, for the portal's own checks (outbound guard, port-pool bounds). Not a
 * user-facing read: getPlatformSettings() is, and it is admins-only. */
export async function readPlatformSettings(): Promise<PlatformSettings> {
  return parseSettingsRow(await db.platformSettings.findUnique({ where: { id: SETTINGS_ID } }));
}
