import { apiRoute } from "@/lib/http";
import { retryReplicationTask } from "@/lib/replication";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(({ actor, params }) => retryReplicationTask({ actor, taskId: params.id }));
