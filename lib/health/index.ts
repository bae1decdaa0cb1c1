import { db } from "@/lib/db";
import { VERSION } from "@/lib/config";
import { currentWorkerState } from "@/lib/jobs/worker";
import { heldRoles } from "@/lib/jobs/leader";

export interface Health {
  status: "ok" | "degraded";
  db: "ok" | "down";
  version: string;
  /** the singleton roles this process leads now (reconcile, stats, registry) */
  roles: string[];
  /** this process's job worker: whether it claims new jobs, how many it runs under its lease, and
   * across all processes how many jobs run and how many of those have an expired lease (a dead
   * process's job waiting to be taken over) */
  jobs: { claiming: boolean; runningHere: number; leaseSeconds: number; running: number; expiredLeases: number } | null;
}

/** Public liveness: the database, this process's roles and job lease state; nothing about tenants. */
export async function checkHealth(): Promise<Health> {
  let dbOk = true;
  let running = 0;
  let expiredLeases = 0;
  try {
    await db.$queryRawUnsafe("SELECT 1");
    [running, expiredLeases] = await Promise.all([
      db.job.count({ where: { status: "running" } }),
      db.job.count({ where: { status: "running", OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: new Date() } }] } }),
    ]);
  } catch {
    dbOk = false;
  }
  const w = currentWorkerState();
  return {
    status: dbOk ? "ok" : "degraded",
    db: dbOk ? "ok" : "down",
    version: VERSION,
    roles: heldRoles(),
    jobs: w ? { claiming: w.claiming, runningHere: w.running.length, leaseSeconds: Math.round(w.leaseMs / 1000), running, expiredLeases } : null,
  };
}
