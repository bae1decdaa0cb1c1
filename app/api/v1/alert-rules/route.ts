import { apiRoute, created } from "@/lib/http";
import { createAlertRule, listAlertRules } from "@/lib/alerts";

export const GET = apiRoute(async ({ actor, query }) => listAlertRules({ actor, query }));
export const POST = apiRoute(async ({ actor, body }) => created(await createAlertRule({ actor, input: await body() })));
