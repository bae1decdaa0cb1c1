import { db } from "@/lib/db";
import { VERSION } from "@/lib/config";

/** Public liveness: says whether the database answers, nothing about tenants. */
export async function checkHealth(): Promise<{ status: "ok" | "degraded"; db: "ok" | "down"; version: string }> {
  let dbOk = true;
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    dbOk = false;
  }
  return { status: dbOk ? "ok" : "degraded", db: dbOk ? "ok" : "down", version: VERSION };
}
