import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { parseSettingsRow, SETTINGS_ID, type PlatformSettingsDto } from "./platform-settings";

export async function getPlatformSettings({ actor }: { actor: Actor }): Promise<PlatformSettingsDto> {
  authorize(actor, "settings.manage");
  const row = await db.platformSettings.findUnique({ where: { id: SETTINGS_ID } });
  return { ...parseSettingsRow(row), updatedAt: row?.updatedAt.toISOString() ?? null };
}
