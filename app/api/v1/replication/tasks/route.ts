import { apiRoute } from "@/lib/http";
import { listReplicationTasks } from "@/lib/replication";

export const dynamic = "force-dynamic";

export const GET = apiRoute(({ actor, query }) => listReplicationTasks({ actor, query }));
