import { apiRoute, created } from "@/lib/http";
import { createRegion, listRegions } from "@/lib/regions";

export const GET = apiRoute(({ actor, query }) => listRegions({ actor, query }));
export const POST = apiRoute(async ({ actor, body }) => created(await createRegion({ actor, input: await body() })));
