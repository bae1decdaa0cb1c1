// TOTP (RFC 6238) for local accounts (issue 14), with `otpauth`: 6 digits, 30 s, SHA-1 (what every
// authenticator app understands), ±1 step of clock drift. The secret is sealed at rest; recovery
// codes are stored as SHA-256 hashes and each works once.
import { randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import { seal, sha256, unseal } from "@/lib/crypto";

export const TOTP_ISSUER = "CaaS Portal";

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totp(base32: string, label = "") {
  return new OTPAuth.TOTP({ issuer: TOTP_ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(base32) });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(base32: string, account: string): string {
  return totp(base32, account).toString();
}

/** The code for a moment (tests and tools). */
export function totpCode(base32: string, timestamp = Date.now()): string {
  return totp(base32).generate({ timestamp });
}

export function verifyTotp(base32: string, code: string, timestamp = Date.now()): boolean {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return false;
  return totp(base32).validate({ token, timestamp, window: 1 }) !== null;
}

export function sealTotpSecret(base32: string): string {
  return seal(base32);
}

export function unsealTotpSecret(sealed: string): string {
  return unseal(sealed);
}

/** Ten recovery codes like "k3vq-8z2m-w7xp", and their hashes for storage. */
export function newRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const codes = Array.from({ length: count }, () => {
    const b = randomBytes(12);
    const chars = [...b].map((x) => alphabet[x % alphabet.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export function hashRecoveryCode(code: string): string {
  return sha256(
    "caas-recovery:" +
      code
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, ""),
  );
}

export function parseRecoveryHashes(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** Looks like a recovery code rather than a 6-digit TOTP code. */
export function isRecoveryCodeShape(code: string): boolean {
  return /^[a-z0-9]{4}-?[a-z0-9]{4}-?[a-z0-9]{4}$/i.test(code.trim());
}
