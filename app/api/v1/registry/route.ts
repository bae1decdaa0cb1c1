import { apiRoute } from "@/lib/http";
import { getRegistryInfo } from "@/lib/images";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => getRegistryInfo({ actor }));
