// next-auth configuration: credentials sign-in, JWT sessions. The JWT only carries the user id, the
// session version and the server-side session id (sessions.ts); everything else is re-read from the
// database per request (load-actor.ts). Signing out revokes the session row on the server.
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";

import { db } from "@/lib/db";
import { verifyPassword } from "./password";
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
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = String(credentials?.email ?? "").trim().toLowerCase();
        const password = String(credentials?.password ?? "");
        if (!email || !password) return null;
        const user = await db.user.findUnique({ where: { email } });
        if (!user || user.disabled) return null;
        if (!(await verifyPassword(password, user.passwordHash))) return null;
        await acceptInvitations(user);
        return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion } as never;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = (user as { id: string }).id;
        token.sv = (user as unknown as { sv: number }).sv;
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
