import { apiRoute } from "@/lib/http";
import { getDashboard } from "@/lib/dashboard";

export const GET = apiRoute(({ actor, query }) => getDashboard({ actor, query }));
