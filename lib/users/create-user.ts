import { db, isUniqueViolation } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { acceptInvitations } from "@/lib/tenants/invitations";
import { assertPasswordPolicy } from "@/lib/identity/password-policy";
import { readIdentitySettings } from "@/lib/identity/settings";
import { email, name, parseInput, password, z } from "@/lib/validation";
import { toUserDto, type UserDto } from "./user-dto";

export const createUserInput = z.object({
  email,
  name,
  password,
  platformAdmin: z.boolean().optional().default(false),
});

export async function createUser({ actor, input }: { actor: Actor; input: unknown }): Promise<UserDto> {
  authorize(actor, "user.manage");
  const data = parseInput(createUserInput, input);
  assertPasswordPolicy(data.password, data, (await readIdentitySettings()).passwordMinLength);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash, platformAdmin: data.platformAdmin } });
      await recordAudit(tx, {
        actor,
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        details: { email: user.email, platformAdmin: user.platformAdmin },
      });
      // Tenant owners may have invited this email already: the new account joins those tenants.
      await acceptInvitations(user, { client: tx, by: actor });
      return toUserDto(user);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw appError("CONFLICT", "userErrors.emailTaken", { email: data.email }, `A user with email ${data.email} already exists.`, {
        details: [problem("email", "fieldErrors.alreadyTaken", undefined, "Already taken")],
      });
    throw e;
  }
}
