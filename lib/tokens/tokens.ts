// Personal API tokens. The secret is shown once at creation; only its SHA-256 is stored.
// A token acts as its user, with that user's current rights (re-read on every request).
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { appError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { authenticatePassword } from "@/lib/identity/authenticate";
import { API_TOKEN_PREFIX } from "@/lib/auth/load-actor";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { sha256 } from "@/lib/crypto";
import { acceptInvitations } from "@/lib/tenants/invitations";
import { id, name, parseInput, keyed, z } from "@/lib/validation";

export interface ApiTokenDto {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function newSecret(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

async function insertToken(actor: Actor, tokenName: string) {
  const token = newSecret();
  const row = await db.$transaction(async (tx) => {
    const r = await tx.apiToken.create({ data: { userId: actor.userId, name: tokenName, tokenHash: sha256(token), prefix: token.slice(0, 12) } });
    await recordAudit(tx, { actor, action: "token.create", targetType: "api-token", targetId: r.id, details: { name: tokenName } });
    return r;
  });
  return { id: row.id, token };
}

const credentials = z
  .object({
    email: z.string().trim().toLowerCase().max(200).optional(),
    /** A directory user name (LDAP/AD) instead of an email. */
    username: z.string().trim().toLowerCase().max(200).optional(),
    password: z.string().max(200),
    /** The second factor, when the account uses two-factor authentication. */
    otp: z.string().trim().max(40).optional(),
    name,
  })
  .refine((c) => Boolean(c.email || c.username), { path: ["email"], ...keyed("validation.emailOrUsername") });

/** POST /api/v1/tokens: email (or directory user name) + password (+ second factor) → a new token
 * (the only unauthenticated mutation). The same throttled, audited path as the web login. */
export async function createTokenWithPassword({ input, address }: { input: unknown; address?: string | null }): Promise<{ id: string; token: string }> {
  const data = parseInput(credentials, input);
  const { user: found } = await authenticatePassword({
    login: data.email || data.username || "",
    password: data.password,
    otp: data.otp,
    address,
    channel: "token",
  });
  const user = await db.user.findUnique({ where: { id: found.id }, include: { memberships: true } });
  if (!user) throw appError("UNAUTHENTICATED", "identityErrors.login.wrong", undefined, "Wrong email or password.");
  // The account holder proved who they are: tenant invitations of their email become memberships.
  await acceptInvitations(user);
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    name: user.name,
    platformAdmin: user.platformAdmin,
    roles: new Map(user.memberships.map((m) => [m.tenantId, m.role as never])),
    via: "session",
  };
  return insertToken(actor, data.name);
}

/** From the signed-in UI. */
export async function createToken({ actor, input }: { actor: Actor; input: unknown }): Promise<{ id: string; token: string }> {
  const data = parseInput(z.object({ name }), input);
  return insertToken(actor, data.name);
}

export async function listTokens({ actor }: { actor: Actor }): Promise<{ items: ApiTokenDto[] }> {
  const rows = await db.apiToken.findMany({ where: { userId: actor.userId, revokedAt: null }, orderBy: { createdAt: "desc" } });
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    })),
  };
}

/** Users revoke their own tokens; the user scope is in the query. */
export async function revokeToken({ actor, tokenId }: { actor: Actor; tokenId: unknown }): Promise<void> {
  const tid = parseInput(id, tokenId);
  await db.$transaction(async (tx) => {
    const r = await tx.apiToken.updateMany({ where: { id: tid, userId: actor.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (r.count === 0) throw notFound("Token");
    await recordAudit(tx, { actor, action: "token.revoke", targetType: "api-token", targetId: tid });
  });
  announceAccessChange(actor.userId);
}
