// Admins change the platform settings; fields left out keep their value. Networks are stored in
// canonical form ("10.1.2.3/8" → "10.0.0.0/8"), ports sorted and unique.
import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseCidr } from "@/lib/net";
import { parseInput, keyed, z } from "@/lib/validation";
import { parseSettingsRow, SETTINGS_ID, type PlatformSettingsDto } from "./platform-settings";

const MESSAGES = {
  port: "A port number between 1 and 65535",
};

const network = z
  .string()
  .trim()
  .max(64)
  .transform((s, ctx) => {
    const c = parseCidr(s);
    if (!c) {
      ctx.addIssue({ code: "custom", ...keyed("validation.cidr") });
      return z.NEVER;
    }
    return c.text;
  });
const networks = z
  .array(network)
  .max(200)
  .transform((l) => [...new Set(l)]);

const input = z
  .object({
    hostNetworkAllow: networks.optional(),
    hostNetworkDeny: networks.optional(),
    reservedPorts: z
      .array(z.number({ message: MESSAGES.port }).int(MESSAGES.port).min(1, MESSAGES.port).max(65535, MESSAGES.port))
      .max(1000)
      .transform((l) => [...new Set(l)].sort((a, b) => a - b))
      .optional(),
  })
  .strict();

export async function updatePlatformSettings({ actor, input: raw }: { actor: Actor; input: unknown }): Promise<PlatformSettingsDto> {
  authorize(actor, "settings.manage");
  const data = parseInput(input, raw);
  const columns = {
    ...(data.hostNetworkAllow ? { hostNetworkAllow: JSON.stringify(data.hostNetworkAllow) } : {}),
    ...(data.hostNetworkDeny ? { hostNetworkDeny: JSON.stringify(data.hostNetworkDeny) } : {}),
    ...(data.reservedPorts ? { reservedPorts: JSON.stringify(data.reservedPorts) } : {}),
  };
  const row = await db.$transaction(async (tx) => {
    const r = await tx.platformSettings.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID, ...columns }, update: columns });
    await recordAudit(tx, { actor, action: "settings.update", targetType: "settings", targetId: SETTINGS_ID, details: data });
    return r;
  });
  return { ...parseSettingsRow(row), updatedAt: row.updatedAt.toISOString() };
}
