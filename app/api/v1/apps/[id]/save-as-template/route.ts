import { apiRoute, created } from "@/lib/http";
import { saveAppAsTemplate } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  created(await saveAppAsTemplate({ actor, appId: params.id, input: await body() })),
);
