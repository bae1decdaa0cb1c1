import { apiRoute, created, publicRoute, readBodyJson } from "@/lib/http";
import { createTokenWithPassword, listTokens } from "@/lib/tokens";
import { clientAddress } from "@/lib/identity/client-address";

/** Email + password → token; the only unauthenticated mutation (a password proves more than Origin). */
export const POST = publicRoute(async (req) => created(await createTokenWithPassword({ input: await readBodyJson(req), address: clientAddress(req.headers) })));
export const GET = apiRoute(({ actor }) => listTokens({ actor }));
