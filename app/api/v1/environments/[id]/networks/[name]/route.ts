import { apiRoute } from "@/lib/http";
import { removeEnvironmentNetwork } from "@/lib/resources";

export const DELETE = apiRoute<{ id: string; name: string }>(({ actor, params }) =>
  removeEnvironmentNetwork({ actor, environmentId: params.id, name: params.name }),
);
