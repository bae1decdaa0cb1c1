import { unseal } from "@/lib/crypto";

/** The names of a revision's sealed variables (never their values). */
export function revisionSecretNames(sealed: string): string[] {
  try {
    const v: unknown = JSON.parse(unseal(sealed));
    return v && typeof v === "object" ? Object.keys(v).filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) : [];
  } catch {
    return [];
  }
}
