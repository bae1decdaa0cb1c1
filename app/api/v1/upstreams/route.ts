import { apiRoute, created } from "@/lib/http";
import { createUpstream, listUpstreams } from "@/lib/replication";

export const dynamic = "force-dynamic";

export const GET = apiRoute(({ actor }) => listUpstreams({ actor }));
export const POST = apiRoute(async ({ actor, body }) => created(await createUpstream({ actor, input: await body() })));
