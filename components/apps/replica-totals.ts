import type { AppDto } from "@/lib/apps";

/** Replicas of all services of an app, summed (plain module: used by server and client code). */
export function replicaTotals(app: AppDto): { running: number; desired: number } {
  return app.services.reduce((a, s) => ({ running: a.running + s.replicas.running, desired: a.desired + s.replicas.desired }), { running: 0, desired: 0 });
}
