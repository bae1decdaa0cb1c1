import { apiRoute } from "@/lib/http";
import { compareReplicationNow } from "@/lib/replication";

export const dynamic = "force-dynamic";

export const POST = apiRoute(({ actor }) => compareReplicationNow({ actor }));
