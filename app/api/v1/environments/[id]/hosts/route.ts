import { apiRoute, created } from "@/lib/http";
import { addHost, listHosts } from "@/lib/hosts";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listHosts({ actor, environmentId: params.id }));
export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  created(await addHost({ actor, environmentId: params.id, input: await body() })),
);
