import { apiRoute } from "@/lib/http";
import { getImageRegions } from "@/lib/images";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getImageRegions({ actor, imageId: params.id }));
