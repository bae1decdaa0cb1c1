// What a directory (LDAP provider) answers to a password sign-in (authenticate.ts asks each enabled
// directory in turn, after the local accounts).
import type { User } from "@prisma/client";

export type DirectoryOutcome =
  | { status: "ok"; user: User; providerId: string }
  /** The directory does not know the login, or the password is wrong (never said which). */
  | { status: "no" }
  /** Known in the directory but refused (disabled, or a local account with that email exists). */
  | { status: "refused"; reason: string; providerId: string }
  /** The directory could not be reached or answered with an error. */
  | { status: "down"; providerId: string; providerName: string };

export type DirectoryLogin = (login: string, password: string) => Promise<DirectoryOutcome[]>;
