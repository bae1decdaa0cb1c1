import { apiRoute } from "@/lib/http";
import { listImages } from "@/lib/images";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, query }) => ({ items: await listImages({ actor, query }) }));
