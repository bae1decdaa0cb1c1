// The create-app use-case in process, without HTTP (issue 20's profile of one POST):
//   CAAS_DATA_DIR=/tmp/p DATABASE_URL=file:/tmp/p/caas.db npx prisma migrate deploy
//   CAAS_DATA_DIR=/tmp/p DATABASE_URL=file:/tmp/p/caas.db npx tsx bench/profile-create.ts [serial n] [concurrent n]
// (add `node --cpu-prof --import tsx` for a CPU profile). Prints the serial p50, then for the
// concurrent burst the wall time, the CPU time per create and the duplicate leases (must be 0).
// Writes a tenant, an environment with a fake host row and apps into that database: never point
// it at a portal's database.
import { db, prepareDatabase } from "@/lib/db";
import { createApp } from "@/lib/apps/create-app";
import { deployUseCaseDeps } from "@/lib/apps/wiring";
import type { Actor } from "@/lib/policy";

const n = Number(process.argv[2] ?? 50);
const conc = Number(process.argv[3] ?? 0);
const COMPOSE = "services:\n  s:\n    image: lab/busybox:latest\n    command: sleep 1d\n    deploy:\n      replicas: 0\n    ports: ['80']\n";

async function main() {
  await prepareDatabase();
  const u = await db.user.create({ data: { email: `p${Date.now()}@x.test`, name: "p", passwordHash: "x" } });
  const t = await db.tenant.create({ data: { name: "P", slug: `p-${Date.now()}` } });
  await db.membership.create({ data: { tenantId: t.id, userId: u.id, role: "member" } });
  const region = await db.region.findFirstOrThrow({ where: { isDefault: true } });
  const env = await db.environment.create({ data: { tenantId: t.id, regionId: region.id, name: "e", portFrom: 30000, portTo: 32000 } });
  await db.host.create({ data: { tenantId: t.id, environmentId: env.id, name: "h", endpoint: "tcp://127.0.0.1:1", status: "ready" } });
  const actor: Actor = { userId: u.id, email: u.email, name: "p", platformAdmin: false, roles: new Map([[t.id, "member"]]), via: "token" };
  const deps = deployUseCaseDeps(db);
  const one = async (i: number) => {
    const s = performance.now();
    await createApp({ actor, environmentId: env.id, input: { name: `a-${i}`, compose: COMPOSE }, deps });
    return performance.now() - s;
  };
  const lat: number[] = [];
  for (let i = 0; i < n; i++) lat.push(await one(i));
  if (process.env.SHOW) console.log(lat.map((x) => x.toFixed(0)).join(" "));
  lat.sort((a, b) => a - b);
  console.log(`serial n=${n}: p50 ${lat[Math.floor(n / 2)].toFixed(1)} ms, first ${lat[0].toFixed(1)}, max ${lat[n - 1].toFixed(1)}`);
  if (conc) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const ls = await Promise.all(Array.from({ length: conc }, (_, i) => one(1000 + i)));
    const leases = await db.portLease.findMany({ where: { environmentId: env.id } });
    const dup = leases.length - new Set(leases.map((l) => l.port)).size;
    const c1 = process.cpuUsage(c0);
    console.log(`cpu per create ${((c1.user + c1.system) / 1000 / conc).toFixed(1)} ms`);
    console.log(`concurrent ${conc}: wall ${(performance.now() - t0).toFixed(0)} ms, max ${Math.max(...ls).toFixed(0)}, leases ${leases.length}, dupes ${dup}`);
  }
}
main().then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1)),
);
