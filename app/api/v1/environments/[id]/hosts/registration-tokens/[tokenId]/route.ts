import { apiRoute } from "@/lib/http";
import { revokeRegistrationToken } from "@/lib/hostreg";

export const DELETE = apiRoute<{ id: string; tokenId: string }>(({ actor, params }) =>
  revokeRegistrationToken({ actor, environmentId: params.id, tokenId: params.tokenId }),
);
