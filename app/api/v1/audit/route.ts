import { apiRoute } from "@/lib/http";
import { listAudit } from "@/lib/audit";

export const GET = apiRoute(({ actor, query }) => listAudit({ actor, query }));
