import { apiRoute, noContent } from "@/lib/http";
import { deleteUpstream, getUpstream, updateUpstream } from "@/lib/replication";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getUpstream({ actor, upstreamId: params.id }));
export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, body }) => updateUpstream({ actor, upstreamId: params.id, input: await body() }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteUpstream({ actor, upstreamId: params.id });
  return noContent();
});
