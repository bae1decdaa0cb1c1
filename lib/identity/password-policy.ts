// Password policy for local accounts (issue 14): a minimum length (identity settings, at least 8),
// and no trivial or breached-like password: the most common passwords, one repeated character, a
// plain keyboard or number run, or the account's own email or name.
import { AppError, type MessageParams } from "@/lib/errors";

// The most used passwords of the public breach corpora (length ≥ 8, lower-cased), and their kin.
const COMMON = new Set([
  "password",
  "password1",
  "password12",
  "password123",
  "password1234",
  "passw0rd",
  "p@ssw0rd",
  "p@ssword",
  "12345678",
  "123456789",
  "1234567890",
  "0123456789",
  "87654321",
  "11111111",
  "00000000",
  "12341234",
  "qwertyui",
  "qwertyuiop",
  "qwerty123",
  "qwerty12",
  "1q2w3e4r",
  "1q2w3e4r5t",
  "1qaz2wsx",
  "zaq12wsx",
  "asdfghjk",
  "asdfghjkl",
  "zxcvbnm1",
  "iloveyou",
  "iloveyou1",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "welcome1",
  "welcome123",
  "letmein1",
  "letmein123",
  "trustno1",
  "superman",
  "batman123",
  "starwars",
  "whatever",
  "abc12345",
  "abcd1234",
  "abcdefgh",
  "monkey123",
  "dragon123",
  "master123",
  "changeme",
  "changeme1",
  "administrator",
  "admin123",
  "admin1234",
  "adminadmin",
  "rootroot",
  "test1234",
  "testtest",
  "computer",
  "internet",
  "corvette",
  "mercedes",
  "michelle",
  "jennifer",
  "jordan23",
  "shadow12",
  "secret123",
  "security",
  "passport",
  "newpassword",
  "mypassword",
  "default1",
  "guest123",
]);

const RUNS = ["0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "azertyuiop"];

export const PASSWORD_MESSAGES = {
  tooShort: (n: number) => `The password must be at least ${n} characters long.`,
  tooLong: "The password must be at most 200 characters long.",
  common: "This password is too common; choose one that is not on breach lists.",
  repeated: "The password must not be one character repeated.",
  run: "The password must not be a plain run of keys or digits.",
  personal: "The password must not be your email, user name or name.",
};

/** Problems with a new local password; empty when it is acceptable. */
export function passwordProblems(password: string, who: { email?: string; name?: string }, minLength = 8): string[] {
  return passwordIssues(password, who, minLength).map((p) => p.message);
}

/** The problems with their catalog keys (`identityErrors.password.<name>`). */
function passwordIssues(
  password: string,
  who: { email?: string; name?: string },
  minLength: number,
): { key: string; message: string; params?: MessageParams }[] {
  const out: { key: string; message: string; params?: MessageParams }[] = [];
  const push = (name: keyof typeof PASSWORD_MESSAGES, params?: MessageParams) => {
    const m = PASSWORD_MESSAGES[name];
    out.push({ key: `identityErrors.password.${name}`, message: typeof m === "function" ? m(minLength) : m, ...(params ? { params } : {}) });
  };
  const lower = password.toLowerCase();
  if (password.length < minLength) push("tooShort", { min: minLength });
  if (password.length > 200) push("tooLong");
  if (COMMON.has(lower)) push("common");
  if (password.length > 0 && new Set(password).size === 1) push("repeated");
  else if (password.length >= 4 && RUNS.some((r) => r.includes(lower))) push("run");
  const letters = (x: string) =>
    x
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .replace(/\d+$/, "");
  const local = who.email?.split("@")[0]?.toLowerCase() ?? "";
  const candidates = [who.email?.toLowerCase() ?? "", local, who.name?.trim().toLowerCase() ?? ""].filter((x) => x.length >= 3);
  if (candidates.some((c) => lower === c || letters(password) === letters(c))) push("personal");
  return out;
}

/** Throws a VALIDATION error naming the field when the password breaks the policy. */
export function assertPasswordPolicy(password: string, who: { email?: string; name?: string }, minLength = 8, path = "password"): void {
  const problems = passwordIssues(password, who, minLength);
  if (problems.length)
    // the first problem is the message; every problem is a detail of the field
    throw new AppError(
      "VALIDATION",
      problems[0].message,
      problems.map((p) => ({ path, message: p.message, key: p.key, ...(p.params ? { params: p.params } : {}) })),
      { i18n: { key: problems[0].key, ...(problems[0].params ? { params: problems[0].params } : {}) } },
    );
}
