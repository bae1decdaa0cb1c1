import { apiRoute } from "@/lib/http";
import { listEnvironmentNetworks } from "@/lib/resources";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listEnvironmentNetworks({ actor, environmentId: params.id }));
