import { apiRoute } from "@/lib/http";
import { unlockLogin } from "@/lib/identity/settings";

export const POST = apiRoute(async ({ actor, body }) => unlockLogin({ actor, input: await body() }));
