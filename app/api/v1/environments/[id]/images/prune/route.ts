import { apiRoute } from "@/lib/http";
import { pruneEnvironmentImages } from "@/lib/resources";

export const POST = apiRoute<{ id: string }>(({ actor, params }) => pruneEnvironmentImages({ actor, environmentId: params.id }));
