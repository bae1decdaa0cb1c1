import { db } from "@/lib/db";
import { appError, notFound, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { id, name, parseInput, password, z } from "@/lib/validation";
import { toUserDto, type UserDto } from "./user-dto";
import { assertPasswordPolicy } from "@/lib/identity/password-policy";
import { readIdentitySettings } from "@/lib/identity/settings";

const input = z
  .object({
    name: name.optional(),
    password: password.optional(),
    platformAdmin: z.boolean().optional(),
    disabled: z.boolean().optional(),
    // A password reset revokes the user's API tokens unless the admin explicitly keeps them.
    keepApiTokens: z.boolean().optional(),
    // A password reset makes the user choose a new one at next sign-in unless this is false.
    mustChangePassword: z.boolean().optional(),
    // Removes the user's two-factor enrolment (lost phone); audited.
    resetTwoFactor: z.literal(true).optional(),
  })
  .strict();

/** Admin edits a user. Disabling, demoting or a new password bumps the session version and revokes
 * every browser session: the user's pages, sockets and open terminals end at once (T5, T29). A new
 * password or disabling also revokes the user's API tokens (registry logins with them too), unless
 * `keepApiTokens: true` is given with a password reset. */
export async function updateUser({ actor, userId, input: raw }: { actor: Actor; userId: unknown; input: unknown }): Promise<UserDto> {
  authorize(actor, "user.manage");
  const uid = parseInput(id, userId);
  const data = parseInput(input, raw);
  if (uid === actor.userId && (data.disabled === true || data.platformAdmin === false)) {
    throw appError("CONFLICT", "userErrors.notYourself", undefined, "You cannot disable or demote yourself; ask another platform admin.");
  }
  if (data.keepApiTokens !== undefined && data.password === undefined) {
    throw appError("VALIDATION", "userErrors.keepApiTokens", undefined, "keepApiTokens only goes with a new password.", {
      details: [problem("keepApiTokens", "fieldErrors.keepApiTokens", undefined, "Give a new password, or leave this out.")],
    });
  }
  const minLength = data.password !== undefined ? (await readIdentitySettings()).passwordMinLength : 8;
  const dto = await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: uid } });
    if (!before) throw notFound("User");
    if (data.password !== undefined) assertPasswordPolicy(data.password, { email: before.email, name: data.name ?? before.name }, minLength);
    const revokes = data.disabled === true || data.platformAdmin === false || data.password !== undefined || data.resetTwoFactor === true;
    const now = new Date();
    if (revokes) await tx.session.updateMany({ where: { userId: uid, revokedAt: null }, data: { revokedAt: now } });
    const revokeTokens = data.disabled === true || (data.password !== undefined && data.keepApiTokens !== true);
    const tokens = revokeTokens ? await tx.apiToken.updateMany({ where: { userId: uid, revokedAt: null }, data: { revokedAt: now } }) : { count: 0 };
    const user = await tx.user.update({
      where: { id: uid },
      data: {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.platformAdmin !== undefined ? { platformAdmin: data.platformAdmin } : {}),
        ...(data.disabled !== undefined ? { disabled: data.disabled } : {}),
        ...(data.password !== undefined
          ? { passwordHash: await hashPassword(data.password), mustChangePassword: data.mustChangePassword ?? uid !== actor.userId }
          : {}),
        ...(data.password === undefined && data.mustChangePassword !== undefined ? { mustChangePassword: data.mustChangePassword } : {}),
        ...(data.resetTwoFactor ? { totpEnabled: false, totpSecret: null, recoveryCodes: "[]" } : {}),
        // Rights granted by hand are not a directory's to take away again.
        ...(data.platformAdmin !== undefined ? { platformAdminBy: null } : {}),
        ...(revokes ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    await recordAudit(tx, {
      actor,
      action: "user.update",
      targetType: "user",
      targetId: uid,
      details: { ...data, password: data.password ? "(changed)" : undefined, apiTokensRevoked: tokens.count || undefined },
    });
    if (data.resetTwoFactor)
      await recordAudit(tx, { actor, action: "user.2fa.reset", targetType: "user", targetId: uid, details: { wasEnabled: before.totpEnabled } });
    return toUserDto(user);
  });
  announceAccessChange(uid);
  return dto;
}
