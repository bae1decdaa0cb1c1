// The wrapper of the two routes the registry protocol calls (token, notifications). They have no
// portal session by nature: the token route authenticates Basic credentials itself, the events
// route checks the shared secret. Errors use the distribution error format, so docker clients
// show our message ("deploy credential expired", "denied") instead of a generic one.
import { NextResponse, type NextRequest } from "next/server";
import { HTTP_STATUS, toAppError } from "@/lib/errors";
import { tokenRealm, REGISTRY_SERVICE } from "./settings";

const DISTRIBUTION_CODE: Record<string, string> = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "DENIED",
  VALIDATION: "UNSUPPORTED",
  NOT_FOUND: "NAME_UNKNOWN",
};

export function registryRoute(handler: (req: NextRequest) => Promise<unknown>) {
  return async (req: NextRequest): Promise<Response> => {
    try {
      return NextResponse.json(await handler(req), { headers: { "cache-control": "no-store" } });
    } catch (e) {
      const err = toAppError(e);
      if (err.code === "INTERNAL") console.error("[registry]", err.message);
      const status = HTTP_STATUS[err.code];
      const headers: Record<string, string> = { "cache-control": "no-store" };
      if (status === 401) headers["www-authenticate"] = `Basic realm="${REGISTRY_SERVICE}", Bearer realm="${tokenRealm()}",service="${REGISTRY_SERVICE}"`;
      return NextResponse.json({ errors: [{ code: DISTRIBUTION_CODE[err.code] ?? "UNKNOWN", message: err.message }] }, { status, headers });
    }
  };
}
