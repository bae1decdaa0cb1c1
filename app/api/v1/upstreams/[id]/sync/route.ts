import { accepted, apiRoute } from "@/lib/http";
import { syncUpstreamNow } from "@/lib/replication";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => accepted(await syncUpstreamNow({ actor, upstreamId: params.id })));
