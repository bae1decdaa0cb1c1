import { apiRoute } from "@/lib/http";
import { pruneEnvironmentVolumes } from "@/lib/resources";

export const POST = apiRoute<{ id: string }>(({ actor, params }) => pruneEnvironmentVolumes({ actor, environmentId: params.id }));
