// The signed-in user's own security (issue 14): password change, two-factor enrolment with a QR
// code and recovery codes, browser sessions ("sign out everywhere"). Every change is audited and
// anything that takes access away is announced (T5).
import QRCode from "qrcode";
import { db } from "@/lib/db";
import { AppError, appError, notFound, problem, type ErrorCode } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { checkLocalPassword, checkSecondFactor } from "@/lib/identity/authenticate";
import { assertPasswordPolicy } from "@/lib/identity/password-policy";
import { readIdentitySettings } from "@/lib/identity/settings";
import { checkThrottle, noteFailure, throttleKey } from "@/lib/identity/throttle";
import { newRecoveryCodes, newTotpSecret, sealTotpSecret, totpUri, unsealTotpSecret, verifyTotp } from "@/lib/identity/totp";
import { id, parseInput, z } from "@/lib/validation";

export const SECURITY_MESSAGES = {
  wrongPassword: "The current password is wrong.",
  throttled: "Too many wrong attempts: wait a while before trying again.",
  noLocalPassword: "Your account signs in through a directory or single sign-on; change your password there.",
  notEnrolling: "Start the two-factor set-up first.",
  wrongCode: "The code is wrong or expired; enter the current six-digit code from your authenticator app.",
  alreadyEnabled: "Two-factor authentication is already on; turn it off first to enrol again.",
  notEnabled: "Two-factor authentication is not on.",
};

/** A refusal of the account's security settings with its catalog message (`userErrors.security.<name>`). */
function securityError(code: ErrorCode, name: keyof typeof SECURITY_MESSAGES, path?: string): AppError {
  const message = SECURITY_MESSAGES[name];
  return appError(
    code,
    `userErrors.security.${name}`,
    undefined,
    message,
    path ? { details: [problem(path, `userErrors.security.${name}`, undefined, message)] } : undefined,
  );
}

async function me(actor: Actor) {
  const u = await db.user.findUnique({ where: { id: actor.userId } });
  if (!u) throw notFound("User");
  return u;
}

/** Checks the current password, throttled like a sign-in (the account key). */
async function proveCurrentPassword(actor: Actor, password: string, path = "currentPassword") {
  const user = await me(actor);
  const settings = await readIdentitySettings();
  const keys = [{ kind: "account" as const, key: throttleKey("account", user.email) }];
  if (!(await checkThrottle(keys, settings)).allowed) throw securityError("UNAUTHENTICATED", "throttled", path);
  if (!user.passwordHash.startsWith("$2")) throw securityError("CONFLICT", "noLocalPassword");
  if (!(await checkLocalPassword(user, password))) {
    await noteFailure(keys, settings);
    await recordAudit(db, { actor, action: "user.password.verify", targetType: "user", targetId: user.id, result: "denied" });
    throw securityError("VALIDATION", "wrongPassword", path);
  }
  return user;
}

export interface MySecurityDto {
  hasLocalPassword: boolean;
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
  /** The platform requires two-factor authentication for this account and it is not on yet. */
  twoFactorRequired: boolean;
  recoveryCodesLeft: number;
  directoryAccounts: { providerId: string; providerName: string; username: string }[];
}

export async function getMySecurity({ actor }: { actor: Actor }): Promise<MySecurityDto> {
  const u = await me(actor);
  const s = await readIdentitySettings();
  const ids = await db.userIdentity.findMany({ where: { userId: u.id }, include: { provider: { select: { name: true } } } });
  const local = u.passwordHash.startsWith("$2");
  const required = local && (s.require2fa === "all" || (s.require2fa === "admins" && u.platformAdmin));
  return {
    hasLocalPassword: local,
    mustChangePassword: u.mustChangePassword,
    twoFactorEnabled: u.totpEnabled,
    twoFactorRequired: required && !u.totpEnabled,
    recoveryCodesLeft: u.totpEnabled ? (JSON.parse(u.recoveryCodes) as unknown[]).length : 0,
    directoryAccounts: ids.map((i) => ({ providerId: i.providerId, providerName: i.provider.name, username: i.username })),
  };
}

const passwordChange = z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200) }).strict();

/** The user's own password. Other browser sessions are signed out; this one stays. */
export async function changeMyPassword({ actor, input, currentSessionId }: { actor: Actor; input: unknown; currentSessionId?: string | null }): Promise<void> {
  const data = parseInput(passwordChange, input);
  const user = await proveCurrentPassword(actor, data.currentPassword);
  assertPasswordPolicy(data.newPassword, user, (await readIdentitySettings()).passwordMinLength, "newPassword");
  if (await checkLocalPassword(user, data.newPassword)) {
    throw appError("VALIDATION", "userErrors.samePassword", undefined, "Choose a password different from the current one.", {
      details: [problem("newPassword", "fieldErrors.samePassword", undefined, "Same as the current password")],
    });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null, ...(currentSessionId ? { id: { not: currentSessionId } } : {}) },
      data: { revokedAt: new Date() },
    });
    await recordAudit(tx, { actor, action: "user.password.change", targetType: "user", targetId: user.id });
  });
  announceAccessChange(user.id);
}

export interface SessionDto {
  id: string;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

export async function listMySessions({ actor, currentSessionId }: { actor: Actor; currentSessionId?: string | null }): Promise<{ items: SessionDto[] }> {
  const rows = await db.session.findMany({ where: { userId: actor.userId, revokedAt: null, expiresAt: { gt: new Date() } }, orderBy: { lastSeenAt: "desc" } });
  return {
    items: rows.map((r) => ({
      id: r.id,
      userAgent: r.userAgent,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      current: r.id === currentSessionId,
    })),
  };
}

/** "Sign out everywhere": every browser session of the user ends, this one included. */
export async function signOutEverywhere({ actor }: { actor: Actor }): Promise<{ revoked: number }> {
  const r = await db.$transaction(async (tx) => {
    const res = await tx.session.updateMany({ where: { userId: actor.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actor, action: "user.sessions.revoke-all", targetType: "user", targetId: actor.userId, details: { revoked: res.count } });
    return res;
  });
  announceAccessChange(actor.userId);
  return { revoked: r.count };
}

export async function revokeMySession({ actor, sessionId }: { actor: Actor; sessionId: unknown }): Promise<void> {
  const sid = parseInput(id, sessionId);
  await db.$transaction(async (tx) => {
    const r = await tx.session.updateMany({ where: { id: sid, userId: actor.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (r.count === 0) throw notFound("Session");
    await recordAudit(tx, { actor, action: "user.session.revoke", targetType: "session", targetId: sid });
  });
  announceAccessChange(actor.userId);
}

export interface TotpEnrolmentDto {
  /** The base32 key for manual entry. */
  secret: string;
  otpauthUri: string;
  /** A PNG data: URL of the QR code. */
  qrCode: string;
}

/** Starts (or restarts) enrolment: a new secret, not active until confirmed with a code. */
export async function beginTotpEnrolment({ actor }: { actor: Actor }): Promise<TotpEnrolmentDto> {
  const user = await me(actor);
  if (!user.passwordHash.startsWith("$2")) throw securityError("CONFLICT", "noLocalPassword");
  if (user.totpEnabled) throw securityError("CONFLICT", "alreadyEnabled");
  const secret = newTotpSecret();
  await db.user.update({ where: { id: user.id }, data: { totpSecret: sealTotpSecret(secret) } });
  const otpauthUri = totpUri(secret, user.email);
  return { secret, otpauthUri, qrCode: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 }) };
}

/** Confirms enrolment with a current code; answers the ten recovery codes, shown this once. */
export async function confirmTotp({ actor, input }: { actor: Actor; input: unknown }): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(z.object({ code: z.string().trim().max(20) }).strict(), input);
  const user = await me(actor);
  if (user.totpEnabled) throw securityError("CONFLICT", "alreadyEnabled");
  if (!user.totpSecret) throw securityError("CONFLICT", "notEnrolling");
  if (!verifyTotp(unsealTotpSecret(user.totpSecret), code)) throw securityError("VALIDATION", "wrongCode", "code");
  const { codes, hashes } = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpEnabled: true, recoveryCodes: JSON.stringify(hashes) } });
    await recordAudit(tx, { actor, action: "user.2fa.enable", targetType: "user", targetId: user.id });
  });
  return { recoveryCodes: codes };
}

const secondFactorProof = z.object({ password: z.string().max(200), code: z.string().trim().max(40) }).strict();

/** Turns two-factor authentication off: needs the password and a current code (or recovery code). */
export async function disableTotp({ actor, input }: { actor: Actor; input: unknown }): Promise<void> {
  const data = parseInput(secondFactorProof, input);
  const user = await proveCurrentPassword(actor, data.password, "password");
  if (!user.totpEnabled) throw securityError("CONFLICT", "notEnabled");
  if (!(await checkSecondFactor(user, data.code))) throw securityError("VALIDATION", "wrongCode", "code");
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpEnabled: false, totpSecret: null, recoveryCodes: "[]" } });
    await recordAudit(tx, { actor, action: "user.2fa.disable", targetType: "user", targetId: user.id });
  });
  announceAccessChange(user.id);
}

/** New recovery codes (the old ones stop working); needs a current code. */
export async function regenerateRecoveryCodes({ actor, input }: { actor: Actor; input: unknown }): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(z.object({ code: z.string().trim().max(40) }).strict(), input);
  const user = await me(actor);
  if (!user.totpEnabled || !user.totpSecret) throw securityError("CONFLICT", "notEnabled");
  if (!verifyTotp(unsealTotpSecret(user.totpSecret), code)) throw securityError("VALIDATION", "wrongCode", "code");
  const { codes, hashes } = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { recoveryCodes: JSON.stringify(hashes) } });
    await recordAudit(tx, { actor, action: "user.2fa.recovery-codes", targetType: "user", targetId: user.id });
  });
  return { recoveryCodes: codes };
}
