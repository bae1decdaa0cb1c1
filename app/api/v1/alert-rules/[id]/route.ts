import { apiRoute, noContent } from "@/lib/http";
import { deleteAlertRule, updateAlertRule } from "@/lib/alerts";

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, body }) => updateAlertRule({ actor, ruleId: params.id, input: await body() }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteAlertRule({ actor, ruleId: params.id });
  return noContent();
});
