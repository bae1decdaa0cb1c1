// The first platform admin of an empty database: from CAAS_ADMIN_EMAIL/CAAS_ADMIN_PASSWORD at
// start, or from the one-time /setup page. Both refuse once any user exists.
import { db } from "@/lib/db";
import { appError, isAppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { SYSTEM_ACTOR } from "@/lib/policy";
import { assertPasswordPolicy } from "@/lib/identity/password-policy";
import { email, name, parseInput, password, z } from "@/lib/validation";

const input = z.object({ email, name: name.optional(), password });

export async function needsSetup(): Promise<boolean> {
  return (await db.user.count()) === 0;
}

export async function setupFirstAdmin({ input: raw }: { input: unknown }): Promise<{ id: string; email: string }> {
  const data = parseInput(input, raw);
  assertPasswordPolicy(data.password, data);
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw appError("CONFLICT", "userErrors.alreadySetUp", undefined, "The portal is already set up; sign in instead.");
    const user = await tx.user.create({
      data: { email: data.email, name: data.name ?? data.email.split("@")[0], passwordHash, platformAdmin: true },
    });
    await recordAudit(tx, { actor: SYSTEM_ACTOR, action: "user.setup-admin", targetType: "user", targetId: user.id, details: { email: user.email } });
    return { id: user.id, email: user.email };
  });
}

export async function ensureAdminFromEnv(): Promise<void> {
  const e = process.env.CAAS_ADMIN_EMAIL;
  const p = process.env.CAAS_ADMIN_PASSWORD;
  if (!e || !p || !(await needsSetup())) return;
  try {
    await setupFirstAdmin({ input: { email: e, password: p, name: "Platform admin" } });
    console.log(`[setup] created platform admin ${e.toLowerCase()}`);
  } catch (err) {
    if (!(isAppError(err) && err.code === "CONFLICT")) throw err;
  }
}
