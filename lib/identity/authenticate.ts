// The one password sign-in (issue 14), used by the web login, POST /tokens and the registry token
// endpoint: throttle check (account and address, in the database) → local account (bcrypt; a dummy
// compare when the account is unknown, so unknown and wrong answer alike and in comparable time)
// → each enabled directory → second factor → audit. Every failure, lock and success is audited.
import type { User } from "@prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/policy";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { readIdentitySettings, type IdentitySettings } from "./settings";
import { checkThrottle, clearAccount, noteFailure, throttleKey, type ThrottleKind } from "./throttle";
import { hashRecoveryCode, isRecoveryCodeShape, parseRecoveryHashes, unsealTotpSecret, verifyTotp } from "./totp";
import type { DirectoryOutcome } from "./directory-port";

export type LoginChannel = "web" | "token" | "registry";

export interface LoginAttempt {
  login: string;
  password: string;
  /** A TOTP code or a recovery code, when the account uses two-factor authentication. */
  otp?: string;
  address?: string | null;
  channel: LoginChannel;
}

export const LOGIN_MESSAGES = {
  wrong: "Wrong email or password.",
  throttled: (s: number) => `Too many failed sign-ins: wait ${s} seconds before trying again.`,
  locked: (m: number) => `Too many failed sign-ins: signing in is locked for ${m} minutes.`,
  otpRequired: "Enter the six-digit code from your authenticator app, or a recovery code.",
  otpWrong: "The two-factor code is wrong or expired.",
  registryTwoFactor: "Your account uses two-factor authentication: use an API token as the password.",
  mustChange: "Your password was reset by an administrator: sign in to the portal and choose a new one first.",
  twoFactorRequired: "Two-factor authentication is required for your account: sign in to the portal and set it up on your profile page first.",
  directoryDown: (name: string) => `The directory "${name}" cannot be reached; try again later. Local accounts can still sign in.`,
  directoryRefused: "This directory account cannot sign in here; ask a platform administrator.",
};

/** Machine-readable reasons, for the login form (next-auth passes the error string through). */
export type LoginFailure =
  | "wrong"
  | "throttled"
  | "locked"
  | "otp-required"
  | "otp-wrong"
  | "directory-down"
  | "refused"
  | "must-change"
  | "registry-2fa"
  | "2fa-setup-required";

export class LoginError extends AppError {
  constructor(
    readonly reason: LoginFailure,
    message: string,
    readonly retryAfterMs = 0,
    params?: Record<string, number>,
  ) {
    // the catalog message of the reason (identityErrors.login.*, with the wait in `params`); `message` is the English text
    super("UNAUTHENTICATED", message, [{ path: "login", message, rule: reason, key: `identityErrors.login.${reason}`, ...(params ? { params } : {}) }], {
      i18n: { key: `identityErrors.login.${reason}`, ...(params ? { params } : {}) },
    });
  }
}

// A bcrypt hash of the same cost as real ones, compared when the account is unknown: the answer
// takes as long as for a wrong password. Started at import, so the first unknown login waits too.
const g = globalThis as unknown as { __caasDummyHash?: Promise<string> };
const dummyHash = (g.__caasDummyHash ??= hashPassword("caas-dummy-" + Math.random().toString(36)));

/** Local password check; false for accounts without a local password (directory accounts). */
export async function checkLocalPassword(user: Pick<User, "passwordHash"> | null, password: string): Promise<boolean> {
  const usable = user && user.passwordHash.startsWith("$2");
  const ok = await verifyPassword(password, usable ? user.passwordHash : await dummyHash).catch(() => false);
  return Boolean(usable && ok);
}

function failureActor(login: string, user?: User | null): Actor {
  return { userId: user?.id ?? "", email: login.slice(0, 200), name: "", platformAdmin: false, roles: new Map(), via: user ? "session" : "system" };
}

async function auditLogin(result: "ok" | "denied", login: string, user: User | null, details: Record<string, unknown>) {
  // Failures are recorded without telling whether the login names an account (no user id).
  const actor = result === "ok" && user ? failureActor(user.email, user) : failureActor(login, null);
  await recordAudit(db, {
    actor,
    action: result === "ok" ? "auth.login" : "auth.failure",
    targetType: "user",
    targetId: result === "ok" ? user?.id : null,
    result,
    details,
  });
}

function keysFor(login: string, address?: string | null): { kind: ThrottleKind; key: string }[] {
  const keys: { kind: ThrottleKind; key: string }[] = [{ kind: "account", key: throttleKey("account", login) }];
  if (address) keys.push({ kind: "address", key: throttleKey("address", address) });
  return keys;
}

async function fail(a: LoginAttempt, settings: IdentitySettings, reason: LoginFailure, message: string, counts = true): Promise<never> {
  const login = a.login.trim().toLowerCase();
  let locked: ThrottleKind[] = [];
  if (counts) locked = await noteFailure(keysFor(login, a.address), settings);
  await auditLogin("denied", login, null, { channel: a.channel, reason, address: a.address ?? undefined });
  for (const kind of locked) {
    await recordAudit(db, {
      actor: failureActor(login, null),
      action: "auth.lock",
      targetType: kind,
      targetId: null,
      result: "denied",
      details: {
        kind,
        login: kind === "account" ? login : undefined,
        address: kind === "address" ? a.address : undefined,
        minutes: settings.throttle.lockMinutes,
      },
    });
  }
  throw new LoginError(reason, message);
}

async function consumeRecoveryCode(user: User, code: string): Promise<boolean> {
  const hashes = parseRecoveryHashes(user.recoveryCodes);
  const h = hashRecoveryCode(code);
  if (!hashes.includes(h)) return false;
  // Optimistic: only the request that still sees the old list spends the code.
  const r = await db.user.updateMany({
    where: { id: user.id, recoveryCodes: user.recoveryCodes },
    data: { recoveryCodes: JSON.stringify(hashes.filter((x) => x !== h)) },
  });
  return r.count === 1;
}

/** The second factor: a current TOTP code or an unused recovery code. */
export async function checkSecondFactor(user: User, otp: string): Promise<"totp" | "recovery" | null> {
  if (!user.totpEnabled || !user.totpSecret) return "totp";
  const code = otp.trim();
  if (/^\d{6}$/.test(code.replace(/\s+/g, ""))) return verifyTotp(unsealTotpSecret(user.totpSecret), code) ? "totp" : null;
  if (isRecoveryCodeShape(code) && (await consumeRecoveryCode(user, code))) return "recovery";
  return null;
}

/** Checks a password sign-in; returns the user or throws a LoginError (UNAUTHENTICATED). */
export async function authenticatePassword(
  a: LoginAttempt,
  deps: { directories?: (login: string, password: string) => Promise<DirectoryOutcome[]> } = {},
): Promise<{ user: User; method: "local" | "ldap"; providerId?: string }> {
  const settings = await readIdentitySettings();
  const login = a.login.trim().toLowerCase().slice(0, 200);
  const keys = keysFor(login, a.address);
  const v = await checkThrottle(keys, settings);
  if (!v.allowed) {
    const secs = Math.max(1, Math.ceil(v.retryAfterMs / 1000));
    await auditLogin("denied", login, null, { channel: a.channel, reason: v.locked ? "locked" : "throttled", address: a.address ?? undefined });
    throw new LoginError(
      v.locked ? "locked" : "throttled",
      v.locked ? LOGIN_MESSAGES.locked(Math.ceil(secs / 60)) : LOGIN_MESSAGES.throttled(secs),
      v.retryAfterMs,
      v.locked ? { minutes: Math.ceil(secs / 60) } : { seconds: secs },
    );
  }
  if (!login || !a.password) return fail(a, settings, "wrong", LOGIN_MESSAGES.wrong);

  const local = await db.user.findUnique({ where: { email: login } });
  let user: User | null = null;
  let method: "local" | "ldap" = "local";
  let providerId: string | undefined;
  if (await checkLocalPassword(local, a.password)) user = local;
  else {
    const outcomes = deps.directories ? await deps.directories(login, a.password) : await (await import("./ldap/ldap-login")).ldapLogin(login, a.password);
    const ok = outcomes.find((o) => o.status === "ok");
    if (ok && ok.status === "ok") {
      user = ok.user;
      method = "ldap";
      providerId = ok.providerId;
    } else {
      const refused = outcomes.find((o) => o.status === "refused");
      if (refused) return fail(a, settings, "refused", LOGIN_MESSAGES.directoryRefused);
      const down = outcomes.find((o) => o.status === "down");
      // Only when no directory could say "no": a down directory must not look like a wrong password.
      // Still counted: an outage must not open an unthrottled window for guessing local passwords.
      if (down && down.status === "down" && outcomes.every((o) => o.status === "down")) {
        return fail(a, settings, "directory-down", LOGIN_MESSAGES.directoryDown(down.providerName));
      }
      return fail(a, settings, "wrong", LOGIN_MESSAGES.wrong);
    }
  }
  if (!user || user.disabled) return fail(a, settings, "wrong", LOGIN_MESSAGES.wrong);

  if (user.totpEnabled) {
    if (a.channel === "registry") return fail(a, settings, "registry-2fa", LOGIN_MESSAGES.registryTwoFactor, false);
    if (!a.otp) {
      await auditLogin("denied", login, null, { channel: a.channel, reason: "otp-required", address: a.address ?? undefined });
      throw new LoginError("otp-required", LOGIN_MESSAGES.otpRequired);
    }
    const how = await checkSecondFactor(user, a.otp);
    if (!how) return fail(a, settings, "otp-wrong", LOGIN_MESSAGES.otpWrong);
    if (how === "recovery")
      await recordAudit(db, {
        actor: failureActor(user.email, user),
        action: "auth.recovery-code.use",
        targetType: "user",
        targetId: user.id,
        details: { channel: a.channel },
      });
  }
  if (user.mustChangePassword && a.channel !== "web") return fail(a, settings, "must-change", LOGIN_MESSAGES.mustChange, false);
  // The platform requires 2FA for this local account and it is not set up: only the web sign-in
  // (which leads to the profile page) is let through; tokens and docker login wait for it.
  const local2fa = method === "local" && (settings.require2fa === "all" || (settings.require2fa === "admins" && user.platformAdmin));
  if (local2fa && !user.totpEnabled && a.channel !== "web") return fail(a, settings, "2fa-setup-required", LOGIN_MESSAGES.twoFactorRequired, false);

  await clearAccount(throttleKey("account", login));
  await auditLogin("ok", login, user, { channel: a.channel, method, providerId, address: a.address ?? undefined });
  return { user, method, providerId };
}
