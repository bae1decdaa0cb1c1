import { accepted, apiRoute } from "@/lib/http";
import { getHost, removeHost } from "@/lib/hosts";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getHost({ actor, hostId: params.id }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => accepted(await removeHost({ actor, hostId: params.id })));
