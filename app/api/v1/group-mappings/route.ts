import { apiRoute, created } from "@/lib/http";
import { createGroupMapping, listGroupMappings } from "@/lib/identity/mappings";

export const GET = apiRoute(({ actor, query }) => listGroupMappings({ actor, query }));
export const POST = apiRoute(async ({ actor, body }) => created(await createGroupMapping({ actor, input: await body() })));
