// The one wrapper every REST route handler is built with: authenticate (bearer token or session
// cookie), CSRF-check cookie mutations, run the handler, map AppError codes to statuses.
// Handlers stay thin: parse → one use-case → result.
import { NextResponse, type NextRequest } from "next/server";
import { AppError, HTTP_STATUS, toAppError } from "@/lib/errors";
import { actorFromAuthorization, sessionActor } from "@/lib/auth";
import type { Actor } from "@/lib/policy";
import { isSameOrigin } from "./origin";
import { negotiateLocale, type AppLocale } from "@/lib/i18n/config";
import { localizeError } from "@/lib/i18n/localize-error";
import { withLocalizedTexts } from "@/lib/i18n/stored-text";

/** The language of an API answer: what Accept-Language names (browser pages send their own
 * locale), English when it names neither supported language (scripts, curl: the API's default). */
export function apiLocale(req: { headers: Headers }): AppLocale {
  return negotiateLocale(req.headers.get("accept-language")) ?? "en";
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MAX_BODY = 1024 * 1024;

export interface ApiContext<P> {
  actor: Actor;
  req: NextRequest;
  params: P;
  /** The parsed JSON body (an empty object for an empty body). */
  body(): Promise<unknown>;
  query: Record<string, string>;
}

export type Json = Record<string, unknown> | unknown[];

export class ApiResult {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}
export const created = (body: unknown) => new ApiResult(201, body);
export const accepted = (body: unknown) => new ApiResult(202, body);
export const noContent = () => new ApiResult(204, null);
export const text = (body: string, contentType: string) => new ApiResult(200, body, { "content-type": contentType });

export function errorResponse(e: unknown, locale: AppLocale = "en"): NextResponse {
  const err = toAppError(e);
  if (err.code === "INTERNAL") console.error("[api]", e);
  const { message, details } = localizeError(locale, err);
  const payload = { error: { code: err.code, message, ...(details ? { details } : {}) } };
  return NextResponse.json(payload, { status: HTTP_STATUS[err.code] });
}

async function readBody(req: NextRequest): Promise<unknown> {
  const raw = await req.text();
  if (raw.length > MAX_BODY) throw new AppError("VALIDATION", "The request body is larger than 1 MiB.", undefined, { i18n: { key: "errors.bodyTooLarge" } });
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError("VALIDATION", "The request body is not valid JSON.", [{ path: "(body)", message: "invalid JSON" }], { i18n: { key: "errors.badJson" } });
  }
}

type RouteCtx = { params: Promise<Record<string, string>> };

export function apiRoute<P extends Record<string, string> = Record<string, string>>(
  handler: (ctx: ApiContext<P>) => Promise<unknown>,
  opts: { public?: false } = {},
) {
  void opts;
  return async (req: NextRequest, routeCtx: RouteCtx): Promise<Response> => {
    try {
      let actor = await actorFromAuthorization(req.headers.get("authorization"));
      if (!actor && req.headers.get("authorization")) {
        throw new AppError("UNAUTHENTICATED", "The API token is invalid or revoked.", undefined, { i18n: { key: "errors.badToken" } });
      }
      if (!actor) {
        actor = await sessionActor();
        if (actor && MUTATING.has(req.method) && !isSameOrigin(req.headers.get("origin"), req.headers.get("host"), req.headers.get("x-forwarded-proto"))) {
          throw new AppError("FORBIDDEN", "Cross-origin request refused.", undefined, { i18n: { key: "errors.crossOrigin" } });
        }
      }
      if (!actor)
        throw new AppError("UNAUTHENTICATED", "Sign in or send Authorization: Bearer <API token>.", undefined, { i18n: { key: "errors.signInOrToken" } });
      const params = ((await routeCtx?.params) ?? {}) as P;
      let bodyPromise: Promise<unknown> | undefined;
      const result = await handler({
        actor,
        req,
        params,
        body: () => (bodyPromise ??= readBody(req)),
        query: Object.fromEntries(req.nextUrl.searchParams),
      });
      // Streamed bodies (file downloads) are built by the handler itself.
      if (result instanceof Response) return result;
      if (result instanceof ApiResult) {
        if (result.status === 204) return new Response(null, { status: 204 });
        if (typeof result.body === "string") return new Response(result.body, { status: result.status, headers: result.headers });
        return NextResponse.json(withLocalizedTexts(apiLocale(req), result.body), { status: result.status, headers: result.headers });
      }
      // Stored texts (events, job progress, warnings) also in the caller's language.
      return NextResponse.json(withLocalizedTexts(apiLocale(req), result));
    } catch (e) {
      return errorResponse(e, apiLocale(req));
    }
  };
}

/** For the few endpoints that need no authentication (token creation, health). */
export function publicRoute(handler: (req: NextRequest) => Promise<unknown>) {
  return async (req: NextRequest): Promise<Response> => {
    try {
      const result = await handler(req);
      if (result instanceof ApiResult) return NextResponse.json(result.body, { status: result.status });
      return NextResponse.json(result);
    } catch (e) {
      return errorResponse(e, apiLocale(req));
    }
  };
}

/** Body of a public route (no actor): same size limit and JSON errors. */
export const readBodyJson = readBody;

/** Merges an `Idempotency-Key` header into a JSON body: a retried submission has one effect (T28). */
export async function bodyWithIdempotencyKey(ctx: { req: NextRequest; body(): Promise<unknown> }): Promise<Record<string, unknown>> {
  const b = await ctx.body();
  const key = ctx.req.headers.get("idempotency-key");
  return { ...(b && typeof b === "object" ? (b as Record<string, unknown>) : {}), ...(key ? { idempotencyKey: key } : {}) };
}
