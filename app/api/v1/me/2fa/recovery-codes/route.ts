import { apiRoute } from "@/lib/http";
import { regenerateRecoveryCodes } from "@/lib/users";

/** { code } → ten new recovery codes; the old ones stop working. */
export const POST = apiRoute(async ({ actor, body }) => regenerateRecoveryCodes({ actor, input: await body() }));
