// GET/PUT /api/v1/alert-mail-settings: the SMTP server alert mail goes through (platform admins).
// The password is sealed and write-only.
import { recordAudit } from "@/lib/audit";
import { seal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { email, parseInput, z } from "@/lib/validation";

export interface MailSettingsDto {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  passwordSet: boolean;
  fromAddress: string;
}

const input = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean().default(false),
    username: z.string().max(200).optional(),
    password: z.string().max(200).optional(),
    fromAddress: email,
  })
  .strict();

export async function getMailSettings({ actor }: { actor: Actor }): Promise<MailSettingsDto | null> {
  authorize(actor, "settings.manage");
  const r = await db.alertMailSettings.findUnique({ where: { id: "smtp" } });
  return r ? { host: r.host, port: r.port, secure: r.secure, username: r.username, passwordSet: !!r.passwordEnc, fromAddress: r.fromAddress } : null;
}

export async function setMailSettings({ actor, input: raw }: { actor: Actor; input: unknown }): Promise<MailSettingsDto> {
  authorize(actor, "settings.manage");
  const i = parseInput(input, raw);
  const data = {
    host: i.host,
    port: i.port,
    secure: i.secure,
    username: i.username ?? null,
    passwordEnc: i.password ? seal(i.password) : null,
    fromAddress: i.fromAddress,
  };
  const r = await db.$transaction(async (tx) => {
    const row = await tx.alertMailSettings.upsert({ where: { id: "smtp" }, create: { id: "smtp", ...data }, update: data });
    await recordAudit(tx, { actor, action: "alert.mail.update", targetType: "AlertMailSettings", targetId: "smtp", details: { host: i.host, port: i.port } });
    return row;
  });
  return { host: r.host, port: r.port, secure: r.secure, username: r.username, passwordSet: !!r.passwordEnc, fromAddress: r.fromAddress };
}
