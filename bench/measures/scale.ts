// Scale 1 → 20 replicas to converged: REST scale, then the app followed as its page does (the
// AppDto pushed on the `/events` socket, bench/live.ts) until the service's replicas.running is 20, against a service update through the Engine API and ServiceStatus
// polled every 50 ms. Between trials both go back to 1 and wait until the 19 stopped tasks' containers
// have exited (not measured).
import { serviceEngineName } from "@/lib/orchestrator/names";
import type { BenchContext } from "../context";
import { cpuBySide } from "../portal";
import { appContainersLeft, engineRanAt, rawConverged, rawDeploy, rawRemove, rawScale } from "../raw";
import { BenchError, now, stats, until, waitJob, type Row } from "../support";
import { LiveEvents } from "../live";

const ONE = `
services:
  s:
    image: lab/busybox:latest
    command: sleep 1d
`;
const TO = 20;

export const SCALE_ROWS = ["scale-20"] as const;

export async function measureScale(ctx: BenchContext): Promise<Row[]> {
  const r = await ctx.member.post(`/api/v1/environments/${ctx.environmentId}/apps`, { name: "bench-scale", compose: ONE });
  if (r.status !== 202) throw new BenchError(`deploy: ${r.status} ${JSON.stringify(r.body)}`);
  const appId: string = r.body.app.id;
  ctx.onCleanup("scale app", async () => {
    const d = await ctx.member.delete(`/api/v1/apps/${appId}`);
    if (d.status === 202) await waitJob(ctx.member, d.body.jobId);
  });
  const job = await waitJob(ctx.member, r.body.jobId);
  if (job.status !== "succeeded") throw new BenchError(`scale app deploy ${job.status}: ${job.error}`);
  const serviceId: string = r.body.app.services[0].id;
  ctx.shared.terminalServiceId = serviceId;
  ctx.shared.terminalEngineService = serviceEngineName(appId, "s");
  const rawApp = await rawDeploy(ctx, `braw${ctx.runId}s`, ONE);
  ctx.onCleanup("raw scale service", () => rawRemove(ctx.manager, rawApp));
  const rawId = rawApp.services[0].id;
  await rawConverged(ctx.manager, [rawId]);

  const running = async () => (await ctx.member.get(`/api/v1/services/${serviceId}`)).body?.replicas?.running as number;
  const portalScale = async (n: number) => {
    const s = await ctx.member.post(`/api/v1/services/${serviceId}/scale`, { replicas: n });
    if (s.status !== 200) throw new BenchError(`scale: ${s.status} ${JSON.stringify(s.body)}`);
  };
  await until("portal service observed running", async () => (await running()) === 1, 30_000);

  const portal: number[] = [];
  const raw: number[] = [];
  const engineSeen: number[] = [];
  const rawEngineSeen: number[] = [];
  const engineName = ctx.shared.terminalEngineService!;
  const cpu = cpuBySide(ctx.portalPid);
  for (let i = 0; i < ctx.sizes.trials; i++) {
    const order = i % 2 === 0 ? ["raw", "portal"] : ["portal", "raw"];
    for (const side of order) {
      if (side === "raw") {
        const t0 = now();
        const wall0 = Date.now();
        const cpuDone = cpu.start("raw");
        await rawScale(ctx.manager, rawId, TO);
        await rawConverged(ctx.manager, [rawId]);
        raw.push(now() - t0);
        cpuDone();
        rawEngineSeen.push(await engineRanAt(ctx.manager, [rawId], wall0));
        await rawScale(ctx.manager, rawId, 1);
        await until(
          "raw back to 1 task",
          async () => (await ctx.manager.listTasks({ service: [rawId], "desired-state": ["running"] })).length === 1,
          60_000,
          100,
        );
        await rawConverged(ctx.manager, [rawId]);
        await appContainersLeft(ctx, rawApp.appId, 1);
      } else {
        // the console's app page has its socket open before the scale
        const live = await LiveEvents.connect(ctx.baseUrl, ctx.member.token!);
        const t0 = now();
        const wall0 = Date.now();
        const cpuDone = cpu.start("portal");
        const reported = live.serviceRunning(appId, serviceId, TO);
        await portalScale(TO);
        await reported.finally(() => live.close());
        portal.push(now() - t0);
        cpuDone();
        if ((await running()) !== TO) throw new BenchError(`scale: the app said ${TO} running, GET /services/{id} does not`);
        // diagnosis: when did the engine itself have the portal's 20 tasks running?
        const [own] = await ctx.manager.listServices({ name: [engineName] });
        engineSeen.push(own ? await engineRanAt(ctx.manager, [own.id], wall0) : 0);
        await portalScale(1);
        await until("portal back to 1", async () => (await running()) === 1, 60_000, 100);
        await appContainersLeft(ctx, appId, 1);
      }
      ctx.log(`scale trial ${i + 1}/${ctx.sizes.trials} ${side}: ${Math.round((side === "raw" ? raw : portal).at(-1)!)} ms`);
    }
  }
  const rr = stats(raw).p50;
  const pp = stats(portal).p50;
  const ratio = pp / rr;
  return [
    {
      id: "scale-20",
      measure: "scale 1 → 20 replicas to converged",
      unit: "ms",
      raw: rr,
      portal: pp,
      compare: "ratio",
      compared: ratio,
      target: "≤ 1.05×",
      verdict: ratio <= 1.05 ? "PASS" : "FAIL",
      note: `${portal.length} trials each; portal = POST /scale → the app's service says replicas.running = 20 (pushed on the /events socket, as the app page follows it; then checked with GET /services/{id}), raw = service update → ServiceStatus (polled 50 ms). Diagnosis: the engine ran the portal's 20 tasks at p50 ${stats(engineSeen).p50.toFixed(0)} ms (the raw ones at ${stats(rawEngineSeen).p50.toFixed(0)} ms), the portal reported them at ${pp.toFixed(0)} ms: ${(pp - stats(engineSeen).p50).toFixed(0)} ms of reporting lag (reconciler period); ${cpu.note()}`,
      samples: { raw, portal, engineSeen, rawEngineSeen, ...cpu.samples() },
    },
  ];
}
