import { publicRoute } from "@/lib/http";
import { buildOpenApi } from "@/lib/openapi/build-openapi";

export const GET = publicRoute(async () => buildOpenApi());
