// N concurrent deploys, each asking for an automatic published port. The lease is taken in the
// POST's transaction, so "the allocation part" is the wall time until every POST has answered.
// The apps have 0 replicas (the deploy jobs that follow only create a network and a service), and
// are deleted again; the check is 0 duplicate leases, in the answers and in the lease table. The
// create-post row sends the same POST alone, one after another, each after the previous one's job ended.
import type { BenchContext } from "../context";
import { BenchError, now, stats, waitJob, type Row } from "../support";

export const PORT_ROWS = ["create-post", "ports-dupes", "ports-time"] as const;

const COMPOSE = "services:\n  s:\n    image: lab/busybox:latest\n    command: sleep 1d\n    deploy:\n      replicas: 0\n    ports: ['80']\n";

export async function measurePorts(ctx: BenchContext): Promise<Row[]> {
  const n = ctx.sizes.concurrentDeploys;
  // the same request one at a time: the single create-app POST (its own row), and the baseline that
  // tells queueing from per-request cost (the first one is a warm-up, not counted)
  const serial: number[] = [];
  const serialApps: string[] = [];
  const serialN = ctx.quick ? 10 : 30;
  for (let i = 0; i <= serialN; i++) {
    const s = now();
    const r = await ctx.member.post(`/api/v1/environments/${ctx.environmentId}/apps`, { name: `bench-serial-${i}`, compose: COMPOSE });
    if (i > 0) serial.push(now() - s);
    if (r.status !== 202) throw new BenchError(`create-app POST: ${r.status} ${JSON.stringify(r.body)}`);
    serialApps.push(r.body.app.id);
    // one POST at a time, alone: its deploy job (a network and a service on the engine) ends before
    // the next POST, so the row is the POST's own cost, not the previous deploy's
    await waitJob(ctx.member, r.body.jobId, 120_000, 20);
  }
  const lat: number[] = [];
  const t0 = now();
  const rs = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const s = now();
      const r = await ctx.member.post(`/api/v1/environments/${ctx.environmentId}/apps`, { name: `bench-port-${i}`, compose: COMPOSE });
      lat.push(now() - s);
      return r;
    }),
  );
  const wall = now() - t0;
  const ok = rs.filter((r) => r.status === 202);
  // the N deploy jobs that follow run before the next phase (the dashboard rows are not a deploy
  // storm); each is asked every 2 s (N polls at 500 ms kept the portal busy answering them)
  const j0 = now();
  const jobs = await Promise.all(ok.map((r) => waitJob(ctx.member, r.body.jobId, 900_000, 2000).catch((e: Error) => ({ status: `unknown (${e.message})` }))));
  ctx.log(
    `ports: the ${ok.length} deploy jobs ended ${Math.round((now() - j0) / 1000)} s after the last answer (${jobs.filter((j) => j.status === "succeeded").length} succeeded)`,
  );
  const failed = rs.filter((r) => r.status !== 202);
  const apps = [...ok.map((r) => ({ id: r.body.app.id as string })), ...serialApps.map((id) => ({ id }))];
  ctx.onCleanup(`${apps.length} port apps`, async () => {
    const dels = await Promise.all(apps.map((a) => ctx.member.delete(`/api/v1/apps/${a.id}`)));
    for (const d of dels) if (d.status === 202) await waitJob(ctx.member, d.body.jobId, 600_000, 250).catch(() => undefined);
  });
  const answered = ok.map((r) => r.body.app.services[0].ports[0].published as number);
  const leases = await ctx.member.get(`/api/v1/environments/${ctx.environmentId}/ports`);
  if (leases.status !== 200) throw new BenchError(`ports: ${leases.status}`);
  const leased = (leases.body.items as { port: number; protocol: string; app: { name: string } | null }[]).filter((l) => l.app?.name.startsWith("bench-port-"));
  const dupAnswered = answered.length - new Set(answered).size;
  const dupLeased = leased.length - new Set(leased.map((l) => `${l.port}/${l.protocol}`)).size;
  const dupes = dupAnswered + dupLeased;
  const errors = failed.map((r) => `${r.status} ${r.body?.error?.code ?? ""}`);
  const l = stats(lat);
  const one = stats(serial);
  ctx.log(
    `ports: ${ok.length}/${n} accepted in ${Math.round(wall)} ms (p50 ${Math.round(l.p50)}, p95 ${Math.round(l.p95)} ms), ${dupes} duplicates${errors.length ? `, errors: ${[...new Set(errors)].join(", ")}` : ""}`,
  );
  return [
    {
      id: "create-post",
      measure: "a single create-app POST (parse, policy, leases, revision, job)",
      unit: "ms",
      raw: null,
      portal: one.p50,
      compare: "none",
      compared: null,
      target: "p50 < 20 ms",
      verdict: one.p50 < 20 ? "PASS" : "FAIL",
      note: `${serialN} POSTs one after another (1 service, 1 automatic port; after one warm-up), as a tenant member with an API token: p50 ${one.p50.toFixed(1)} ms, p95 ${one.p95.toFixed(1)} ms, min ${one.min.toFixed(1)} ms`,
      samples: { portal: serial },
    },
    {
      id: "ports-dupes",
      measure: `${n} concurrent deploys asking for auto ports: duplicate leases`,
      unit: "",
      raw: null,
      portal: dupes,
      compare: "none",
      compared: null,
      target: "0 duplicates, all accepted",
      verdict: dupes === 0 && failed.length === 0 ? "PASS" : "FAIL",
      note: `${ok.length}/${n} accepted; ${leased.length} leases listed${errors.length ? `; refused: ${[...new Set(errors)].join(", ")}` : ""}`,
    },
    {
      id: "ports-time",
      measure: `${n} concurrent deploys: allocation part (all POSTs answered)`,
      unit: "ms",
      raw: null,
      portal: wall,
      compare: "none",
      compared: null,
      target: "< 2 s",
      verdict: wall < 2000 && failed.length === 0 ? "PASS" : "FAIL",
      note: `per request p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms; the same POST alone: p50 ${one.p50.toFixed(0)} ms (${n} × that = ${((n * one.p50) / 1000).toFixed(1)} s)`,
      samples: { portal: lat, raw: serial },
    },
  ];
}
