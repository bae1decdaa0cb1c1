import { apiRoute, created } from "@/lib/http";
import { rotateHostCertificate } from "@/lib/hostreg";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  created(await rotateHostCertificate({ actor, hostId: params.id, input: await body() })),
);
