import { accepted, apiRoute } from "@/lib/http";
import { getHostDetails, removeHost, updateHost } from "@/lib/hosts";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getHostDetails({ actor, hostId: params.id }));
export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, body }) => updateHost({ actor, hostId: params.id, input: await body() }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => accepted(await removeHost({ actor, hostId: params.id })));
