import { accepted, apiRoute } from "@/lib/http";
import { deleteApp, getApp } from "@/lib/apps";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getApp({ actor, appId: params.id }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => accepted(await deleteApp({ actor, appId: params.id })));
