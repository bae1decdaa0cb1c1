// next-auth configuration: credentials sign-in, JWT sessions. The JWT only carries the user id, the
// session version and the server-side session id (sessions.ts); everything else is re-read from the
// database per request (load-actor.ts). Signing out revokes the session row on the server.
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";

import { authenticatePassword, LoginError } from "@/lib/identity/authenticate";
import { clientAddress } from "@/lib/identity/client-address";
import { OIDC_PREFIX, oidcAuthProviders, oidcSignIn } from "@/lib/identity/oidc";
import { db } from "@/lib/db";
import { endSession, SESSION_MAX_AGE_S, startSession } from "./sessions";
import { acceptInvitations } from "@/lib/tenants/invitations";

// CommonJS default export: bundled by Next it is the function, loaded by tsx (server.ts) it is
// the module namespace whose .default is the function.
const CredentialsProvider = ((Credentials as unknown as { default?: typeof Credentials }).default ?? Credentials) as typeof Credentials;

export function authSecret(): string {
  const s = process.env.NEXTAUTH_SECRET;
  if (!s) throw new Error("NEXTAUTH_SECRET is not set (scripts/start.mjs sets one from data/auth-secret)");
  return s;
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login" },
  get secret() {
    return authSecret();
  },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email or directory user name", type: "text" },
        password: { label: "Password", type: "password" },
        otp: { label: "Two-factor code", type: "text" },
      },
      // The one password path (lib/identity/authenticate.ts): throttling, local then directories,
      // second factor, audit. A refusal's reason ("wrong", "throttled", "locked", "otp-required",
      // "otp-wrong", "directory-down", "refused") reaches the login form as next-auth's `error`.
      async authorize(credentials, req) {
        let user;
        try {
          ({ user } = await authenticatePassword({
            login: String(credentials?.email ?? ""),
            password: String(credentials?.password ?? ""),
            otp: credentials?.otp ? String(credentials.otp) : undefined,
            address: clientAddress(req?.headers as Record<string, string> | undefined),
            channel: "web",
          }));
        } catch (e) {
          if (e instanceof LoginError) throw new Error(e.reason);
          throw e;
        }
        await acceptInvitations(user);
        return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion } as never;
      },
    }),
  ],
  callbacks: {
    // OIDC single sign-on: link by (provider, sub), apply group mappings; a refusal goes back to the
    // login page with its reason.
    async signIn({ account, profile }) {
      if (account?.type !== "oauth") return true;
      const r = await oidcSignIn(account, profile);
      return "refused" in r ? `/login?error=${encodeURIComponent(r.refused)}` : true;
    },
    async jwt({ token, user, account }) {
      if (user) {
        if (account?.type === "oauth" && account.provider.startsWith(OIDC_PREFIX)) {
          const link = await db.userIdentity.findUnique({
            where: { providerId_externalId: { providerId: account.provider.slice(OIDC_PREFIX.length), externalId: String(account.providerAccountId) } },
            include: { user: true },
          });
          if (!link) throw new Error("refused");
          token.uid = link.userId;
          token.sv = link.user.sessionVersion;
          await acceptInvitations(link.user);
        } else {
          token.uid = (user as { id: string }).id;
          token.sv = (user as unknown as { sv: number }).sv;
        }
        token.sid = await startSession(token.uid as string);
      }
      return token;
    },
    async session({ session, token }) {
      (session as unknown as { sid?: string }).sid = token.sid as string | undefined;
      (session as unknown as { uid?: string; sv?: number }).uid = token.uid as string | undefined;
      (session as unknown as { uid?: string; sv?: number }).sv = token.sv as number | undefined;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      const sid = (token as { sid?: unknown } | null)?.sid;
      if (typeof sid === "string") await endSession(sid);
    },
  },
};

/** The options for next-auth's own route: the credentials provider plus each enabled OIDC provider
 * (read per request, so enabling a provider needs no restart). */
export async function buildAuthOptions(): Promise<NextAuthOptions> {
  return { ...authOptions, providers: [...authOptions.providers, ...(await oidcAuthProviders())] };
}
