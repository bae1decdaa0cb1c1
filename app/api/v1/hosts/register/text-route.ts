// The registration command's endpoints (issue 15) answer plain text for a shell script: no other
// authentication than the one-time token in the path; errors as "error: <message>" with the status
// (410 for a used, expired or revoked token).
import type { NextRequest } from "next/server";
import { HTTP_STATUS, toAppError } from "@/lib/errors";
import { isGone } from "@/lib/hostreg";
import { apiLocale } from "@/lib/http/api-route";
import { localizeError } from "@/lib/i18n/localize-error";

const MAX_BODY = 16 * 1024;

type Ctx = { params: Promise<{ token: string }> };

export function registrationTextRoute(
  handler: (a: { token: string; body: string; query: Record<string, string> }) => Promise<string>,
  contentType = "text/plain; charset=utf-8",
) {
  return async (req: NextRequest, ctx: Ctx): Promise<Response> => {
    const headers = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
    try {
      const { token } = await ctx.params;
      const raw = req.method === "POST" ? await req.text() : "";
      if (raw.length > MAX_BODY) return new Response("error: the request body is too large\n", { status: 413, headers });
      const out = await handler({ token, body: raw, query: Object.fromEntries(req.nextUrl.searchParams) });
      return new Response(out, { status: 200, headers: { ...headers, "content-type": contentType } });
    } catch (e) {
      const err = toAppError(e);
      if (err.code === "INTERNAL") console.error("[hostreg]", e);
      const { message } = localizeError(apiLocale(req), err);
      return new Response(`error: ${message}\n`, { status: isGone(e) ? 410 : HTTP_STATUS[err.code], headers });
    }
  };
}
