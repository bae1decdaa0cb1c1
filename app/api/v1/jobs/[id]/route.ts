import { apiRoute } from "@/lib/http";
import { getJob } from "@/lib/jobs";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getJob({ actor, jobId: params.id }));
