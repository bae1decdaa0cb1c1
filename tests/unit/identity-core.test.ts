import { describe, expect, it } from "vitest";
import { afterFailure, backoffMs, verdict, type ThrottleRow } from "@/lib/identity/throttle";
import { DEFAULT_IDENTITY_SETTINGS, parseIdentitySettings } from "@/lib/identity/settings";
import { passwordProblems } from "@/lib/identity/password-policy";
import { hashRecoveryCode, isRecoveryCodeShape, newRecoveryCodes, newTotpSecret, totpCode, totpUri, verifyTotp } from "@/lib/identity/totp";

const T = {
  ...DEFAULT_IDENTITY_SETTINGS.throttle,
  accountFreeFailures: 3,
  accountLockAfter: 6,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  lockMinutes: 10,
  windowMinutes: 15,
};

describe("login throttle", () => {
  it("lets the free failures through, then needs exponentially longer waits, then locks", () => {
    let row: ThrottleRow | null = null;
    let now = new Date("2026-01-01T00:00:00Z");
    const waits: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const v = verdict("account", row, T, now);
      expect(v.allowed).toBe(true);
      const r = afterFailure("account", row, T, now);
      row = r.row;
      expect(r.lockedNow).toBe(i === 6);
      const next = verdict("account", row, T, now);
      waits.push(next.retryAfterMs);
      now = new Date(now.getTime() + next.retryAfterMs);
    }
    expect(waits.slice(0, 5)).toEqual([0, 0, 1000, 2000, 4000]);
    expect(waits[5]).toBe(10 * 60_000); // locked
    const locked = verdict("account", row, T, new Date(now.getTime() - 1));
    expect(locked).toMatchObject({ allowed: false, locked: true });
    expect(verdict("account", row, T, new Date(now.getTime() + 1)).allowed).toBe(true);
  });

  it("caps the delay and forgets failures older than the window", () => {
    expect(backoffMs(30, 3, T)).toBe(8000);
    const row: ThrottleRow = { failures: 5, firstFailedAt: new Date(0), lastFailedAt: new Date(0), lockedUntil: null };
    expect(verdict("account", row, T, new Date(1000)).allowed).toBe(false);
    expect(verdict("account", row, T, new Date(16 * 60_000)).allowed).toBe(true);
    expect(afterFailure("account", row, T, new Date(16 * 60_000)).row.failures).toBe(1);
  });

  it("uses the address limits for address keys", () => {
    const row: ThrottleRow = { failures: 5, firstFailedAt: new Date(0), lastFailedAt: new Date(0), lockedUntil: null };
    expect(verdict("address", row, T, new Date(1)).allowed).toBe(true); // 5 < addressFreeFailures (50)
  });
});

describe("identity settings", () => {
  it("fills defaults and ignores unreadable text", () => {
    expect(parseIdentitySettings("not json")).toEqual(DEFAULT_IDENTITY_SETTINGS);
    const s = parseIdentitySettings(JSON.stringify({ throttle: { lockMinutes: 5 }, require2fa: "admins" }));
    expect(s.throttle.lockMinutes).toBe(5);
    expect(s.throttle.accountLockAfter).toBe(DEFAULT_IDENTITY_SETTINGS.throttle.accountLockAfter);
    expect(s.require2fa).toBe("admins");
  });
});

describe("password policy", () => {
  const who = { email: "alice.smith@example.test", name: "Alice Smith" };
  it.each(["password", "Password1", "12345678", "qwertyuiop", "aaaaaaaaaa", "abcdefgh", "alice.smith", "alice.smith1", "Alice Smith", "short1"])(
    "refuses %s",
    (p) => {
      expect(passwordProblems(p, who, 8).length).toBeGreaterThan(0);
    },
  );
  it.each(["correct horse battery", "admin-password-1", "password-owner", "Tr0ub4dor&3x"])("accepts %s", (p) => {
    expect(passwordProblems(p, who, 8)).toEqual([]);
  });
  it("applies the configured minimum length", () => {
    expect(passwordProblems("admin-pass-1", who, 14)[0]).toMatch(/at least 14/);
  });
});

describe("TOTP and recovery codes", () => {
  it("accepts the current code and its neighbours, not older ones", () => {
    const secret = newTotpSecret();
    const t = Date.parse("2026-01-01T00:00:00Z");
    expect(verifyTotp(secret, totpCode(secret, t), t)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, t - 30_000), t)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, t - 120_000), t)).toBe(false);
    expect(verifyTotp(secret, "abc123", t)).toBe(false);
    expect(totpUri(secret, "a@example.test")).toMatch(/^otpauth:\/\/totp\/.*secret=/);
  });
  it("makes ten distinct recovery codes stored as hashes, tolerant of case and dashes", () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(codes.every(isRecoveryCodeShape)).toBe(true);
    expect(hashes.every((h, i) => h === hashRecoveryCode(codes[i].toUpperCase().replace(/-/g, "")))).toBe(true);
    expect(hashes.join()).not.toContain(codes[0]);
  });
});
