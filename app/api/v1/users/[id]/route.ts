import { apiRoute } from "@/lib/http";
import { updateUser } from "@/lib/users";

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, body }) => updateUser({ actor, userId: params.id, input: await body() }));
