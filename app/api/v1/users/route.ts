import { apiRoute, created } from "@/lib/http";
import { createUser, listUsers } from "@/lib/users";

export const GET = apiRoute(({ actor, query }) => listUsers({ actor, query }));
export const POST = apiRoute(async ({ actor, body }) => created(await createUser({ actor, input: await body() })));
