import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { id, name, parseInput, password, z } from "@/lib/validation";
import { toUserDto, type UserDto } from "./user-dto";

const input = z
  .object({ name: name.optional(), password: password.optional(), platformAdmin: z.boolean().optional(), disabled: z.boolean().optional() })
  .strict();

/** Admin edits a user. Disabling, demoting or a new password bumps the session version: the user's
 * browser sessions and open terminals end at once (T5). */
export async function updateUser({ actor, userId, input: raw }: { actor: Actor; userId: unknown; input: unknown }): Promise<UserDto> {
  authorize(actor, "user.manage");
  const uid = parseInput(id, userId);
  const data = parseInput(input, raw);
  if (uid === actor.userId && (data.disabled === true || data.platformAdmin === false)) {
    throw new AppError("CONFLICT", "You cannot disable or demote yourself; ask another platform admin.");
  }
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: uid } });
    if (!before) throw notFound("User");
    const revokes = data.disabled === true || data.platformAdmin === false || data.password !== undefined;
    const user = await tx.user.update({
      where: { id: uid },
      data: {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.platformAdmin !== undefined ? { platformAdmin: data.platformAdmin } : {}),
        ...(data.disabled !== undefined ? { disabled: data.disabled } : {}),
        ...(data.password !== undefined ? { passwordHash: await hashPassword(data.password) } : {}),
        ...(revokes ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    await recordAudit(tx, {
      actor, action: "user.update", targetType: "user", targetId: uid,
      details: { ...data, password: data.password ? "(changed)" : undefined },
    });
    return toUserDto(user);
  });
}
