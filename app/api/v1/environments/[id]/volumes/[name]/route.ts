import { apiRoute } from "@/lib/http";
import { removeEnvironmentVolume } from "@/lib/resources";

/** ?hostId= removes the copy on one host; without it, every host's copy (refused while any is in use). */
export const DELETE = apiRoute<{ id: string; name: string }>(({ actor, params, query }) =>
  removeEnvironmentVolume({ actor, environmentId: params.id, name: params.name, query }),
);
