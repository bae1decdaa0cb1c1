import { apiRoute, created } from "@/lib/http";
import { addTemplateVersion } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  created(await addTemplateVersion({ actor, templateId: params.id, input: await body() })),
);
