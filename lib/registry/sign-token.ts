// Registry bearer tokens (Docker registry token spec, RS256 JWT). Short-lived: a leaked token is
// worth five minutes of exactly the access it lists.
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import type { AccessEntry } from "./access";
import { tokenKey } from "./token-keys";
import { REGISTRY_SERVICE, TOKEN_ISSUER, TOKEN_TTL_S } from "./settings";

export interface IssuedToken {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
}

export async function signRegistryToken(subject: string, access: AccessEntry[]): Promise<IssuedToken> {
  const key = tokenKey();
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ access })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
    .setIssuer(TOKEN_ISSUER)
    .setSubject(subject)
    .setAudience(REGISTRY_SERVICE)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + TOKEN_TTL_S)
    .setJti(randomBytes(16).toString("hex"))
    .sign(key.privateKey);
  return { token, access_token: token, expires_in: TOKEN_TTL_S, issued_at: new Date(now * 1000).toISOString() };
}
