import { apiRoute } from "@/lib/http";
import { listEnvironmentVolumes } from "@/lib/resources";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listEnvironmentVolumes({ actor, environmentId: params.id }));
