// Identity settings (issue 14), one row (id "identity") holding JSON parsed with zod on every read:
// login throttling, the two-factor policy, session lifetime and idle timeout, the directory sync
// interval and the local password policy. Missing fields take their defaults.
import { db, Prisma } from "@/lib/db";
import { queryRows } from "@/lib/db/sql-rows";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, keyed, z } from "@/lib/validation";

export const IDENTITY_SETTINGS_ID = "identity";

const throttleFields = z.object({
  /** Failures per account before each further attempt must wait (exponential backoff). */
  accountFreeFailures: z.number().int().min(1).max(100),
  /** Failures per account within the window that lock it for lockMinutes. */
  accountLockAfter: z.number().int().min(2).max(1000),
  /** Failures from one address (any accounts) before backoff, and before a lock of the address. */
  addressFreeFailures: z.number().int().min(1).max(10_000),
  addressLockAfter: z.number().int().min(2).max(100_000),
  baseDelayMs: z.number().int().min(0).max(60_000),
  maxDelayMs: z.number().int().min(0).max(3_600_000),
  lockMinutes: z.number().int().min(1).max(1440),
  /** Failures older than this are forgotten. */
  windowMinutes: z.number().int().min(1).max(1440),
});

const fields = z.object({
  throttle: throttleFields.partial(),
  /** Who must use two-factor authentication (local accounts). */
  require2fa: z.enum(["none", "admins", "all"]),
  sessionLifetimeHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  /** 0 = no idle timeout. */
  idleTimeoutMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  syncIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  passwordMinLength: z.number().int().min(8).max(128),
});

export interface IdentitySettings {
  throttle: z.infer<typeof throttleFields>;
  require2fa: "none" | "admins" | "all";
  sessionLifetimeHours: number;
  idleTimeoutMinutes: number;
  syncIntervalMinutes: number;
  passwordMinLength: number;
}

export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  throttle: {
    accountFreeFailures: 3,
    accountLockAfter: 10,
    addressFreeFailures: 50,
    addressLockAfter: 500,
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    lockMinutes: 15,
    windowMinutes: 15,
  },
  require2fa: "none",
  sessionLifetimeHours: 12,
  idleTimeoutMinutes: 0,
  syncIntervalMinutes: 15,
  passwordMinLength: 8,
};

function withDefaults(p: Partial<z.infer<typeof fields>>): IdentitySettings {
  return { ...DEFAULT_IDENTITY_SETTINGS, ...p, throttle: { ...DEFAULT_IDENTITY_SETTINGS.throttle, ...(p.throttle ?? {}) } };
}

export function parseIdentitySettings(text: string | null | undefined): IdentitySettings {
  let raw: unknown = {};
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    raw = {};
  }
  const r = fields.partial().safeParse(raw);
  return withDefaults(r.success ? r.data : {});
}

// The row's text and what it parsed to last: the row is read on every request, and validating the
// same text again each time was ~1% of a service page's server time (issue 20).
let parsed: { text: string | undefined; settings: IdentitySettings } | null = null;

/** For the portal's own checks (sign-in, throttling, session lifetime and idle timeout); not a
 * user-facing read. Read from the database every time (one row by key), never cached in memory:
 * with several portal processes an admin's change on one must hold on all at once. Only the parse
 * of the text read is kept, for as long as the text stays the same. */
export async function readIdentitySettings(): Promise<IdentitySettings> {
  // a plain statement: every signed-in page and browser request checks its session's idle timeout
  const rows = await queryRows<{ data: string }>(db, Prisma.sql`SELECT "data" FROM "IdentitySettings" WHERE "id" = ${IDENTITY_SETTINGS_ID}`);
  const text = rows[0]?.data;
  if (!parsed || parsed.text !== text) parsed = { text, settings: parseIdentitySettings(text) };
  return structuredClone(parsed.settings);
}

export async function getIdentitySettings({ actor }: { actor: Actor }): Promise<IdentitySettings> {
  authorize(actor, "identity.manage");
  return readIdentitySettings();
}

const patch = fields.partial().strict();

/** Admins change identity settings; fields left out keep their value. */
export async function updateIdentitySettings({ actor, input }: { actor: Actor; input: unknown }): Promise<IdentitySettings> {
  authorize(actor, "identity.manage");
  const data = parseInput(patch, input);
  const current = await readIdentitySettings();
  const next: IdentitySettings = { ...current, ...data, throttle: { ...current.throttle, ...(data.throttle ?? {}) } };
  await db.$transaction(async (tx) => {
    await tx.identitySettings.upsert({
      where: { id: IDENTITY_SETTINGS_ID },
      create: { id: IDENTITY_SETTINGS_ID, data: JSON.stringify(next) },
      update: { data: JSON.stringify(next) },
    });
    await recordAudit(tx, { actor, action: "identity.settings.update", targetType: "identity-settings", targetId: IDENTITY_SETTINGS_ID, details: data });
  });
  return next;
}

/** Admins clear the failed sign-ins (and lock) of an account or of a client address. */
export async function unlockLogin({ actor, input }: { actor: Actor; input: unknown }): Promise<{ cleared: number }> {
  authorize(actor, "identity.manage");
  const data = parseInput(
    z
      .object({ login: z.string().trim().toLowerCase().min(1).max(200).optional(), address: z.string().trim().toLowerCase().min(1).max(64).optional() })
      .strict()
      .refine((d) => Boolean(d.login || d.address), { path: ["login"], ...keyed("validation.loginOrAddress") }),
    input,
  );
  const keys = [...(data.login ? [`account:${data.login}`] : []), ...(data.address ? [`address:${data.address}`] : [])];
  return db.$transaction(async (tx) => {
    const r = await tx.loginThrottle.deleteMany({ where: { key: { in: keys } } });
    await recordAudit(tx, { actor, action: "auth.unlock", targetType: "account", details: { login: data.login, address: data.address } });
    return { cleared: r.count };
  });
}
