import { apiRoute } from "@/lib/http";
import { confirmTotp } from "@/lib/users";

/** { code } → { recoveryCodes } (shown once). */
export const POST = apiRoute(async ({ actor, body }) => confirmTotp({ actor, input: await body() }));
