import { apiRoute, created } from "@/lib/http";
import { createTenant, listTenants } from "@/lib/tenants";

export const GET = apiRoute(({ actor, query }) => listTenants({ actor, query }));
export const POST = apiRoute(async ({ actor, body }) => created(await createTenant({ actor, input: await body() })));
