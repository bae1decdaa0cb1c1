import { apiRoute, created } from "@/lib/http";
import { createEnvironment, listEnvironments } from "@/lib/environments";

export const GET = apiRoute(({ actor, query }) => listEnvironments({ actor, query }));
export const POST = apiRoute(async ({ actor, body }) => created(await createEnvironment({ actor, input: await body() })));
