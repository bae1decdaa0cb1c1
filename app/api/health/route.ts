import { publicRoute } from "@/lib/http";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";
export const GET = publicRoute(() => checkHealth());
