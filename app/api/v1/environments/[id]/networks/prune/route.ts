import { apiRoute } from "@/lib/http";
import { pruneEnvironmentNetworks } from "@/lib/resources";

export const POST = apiRoute<{ id: string }>(({ actor, params }) => pruneEnvironmentNetworks({ actor, environmentId: params.id }));
