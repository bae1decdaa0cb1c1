import { apiRoute, created } from "@/lib/http";
import { createSshKeyPair } from "@/lib/hosts";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => created(await createSshKeyPair({ actor, environmentId: params.id })));
