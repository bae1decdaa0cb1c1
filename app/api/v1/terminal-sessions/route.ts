import { apiRoute } from "@/lib/http";
import { listTerminalSessions } from "@/lib/containers";

export const GET = apiRoute(({ actor, query }) => listTerminalSessions({ actor, query }));
