import { apiRoute } from "@/lib/http";
import { setHostAvailability } from "@/lib/hosts";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => setHostAvailability({ actor, hostId: params.id, input: await body() }));
