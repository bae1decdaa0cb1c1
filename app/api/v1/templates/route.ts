import { apiRoute, created } from "@/lib/http";
import { createTemplate, listTemplates } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, query }) => listTemplates({ actor, query }));
export const POST = apiRoute(async ({ actor, body }) => created(await createTemplate({ actor, input: await body() })));
