import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { buildAuthOptions } from "@/lib/auth";

// Options per request: the enabled OIDC providers come from the database (lib/identity/oidc.ts).
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req, ctx as never, await buildAuthOptions());
}
export { handler as GET, handler as POST };
