import { apiRoute, noContent } from "@/lib/http";
import { deleteTemplate, getTemplate, updateTemplate } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getTemplate({ actor, templateId: params.id }));
export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, body }) => updateTemplate({ actor, templateId: params.id, input: await body() }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteTemplate({ actor, templateId: params.id });
  return noContent();
});
