import { apiRoute } from "@/lib/http";
import { listPrices, setPrices } from "@/lib/usage";

export const GET = apiRoute(({ actor }) => listPrices({ actor }));
export const PUT = apiRoute(async ({ actor, body }) => setPrices({ actor, input: await body() }));
