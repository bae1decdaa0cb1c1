// Deploy a 5-service app to converged: REST deploy, then the job followed as the deploy page does
// (pushed on the `/events` socket, bench/live.ts), against the same engine specs created through
// the Engine API and ServiceStatus polled every 50 ms.
import type { BenchContext } from "../context";
import { cpuBySide } from "../portal";
import { appContainersLeft, engineRanAt, rawConverged, rawDeploy, rawRemove } from "../raw";
import { BenchError, now, stats, waitJob, type Row } from "../support";
import { LiveEvents } from "../live";

const FIVE = `
services:
${["web", "api", "worker", "cache", "db"].map((n) => `  ${n}:\n    image: lab/busybox:latest\n    command: sleep 1d\n`).join("")}`;

export const DEPLOY_ROWS = ["deploy-5"] as const;

export async function measureDeploy(ctx: BenchContext): Promise<Row[]> {
  const portal: number[] = [];
  const raw: number[] = [];
  const accepted: number[] = [];
  const engineSeen: number[] = [];
  const rawEngineSeen: number[] = [];
  // where the portal's time goes: each deploy step's end, in ms after the POST was sent
  const steps = new Map<string, number[]>();
  const cpu = cpuBySide(ctx.portalPid);
  for (let i = 0; i < ctx.sizes.trials; i++) {
    // alternate who goes first so drift of the shared machine does not favour one side
    const order = i % 2 === 0 ? ["raw", "portal"] : ["portal", "raw"];
    for (const side of order) {
      if (side === "raw") {
        const t0 = now();
        const wall0 = Date.now();
        const cpuDone = cpu.start("raw");
        const app = await rawDeploy(ctx, `braw${ctx.runId}d${i}`, FIVE);
        await rawConverged(
          ctx.manager,
          app.services.map((s) => s.id),
        );
        raw.push(now() - t0);
        cpuDone();
        rawEngineSeen.push(
          await engineRanAt(
            ctx.manager,
            app.services.map((s) => s.id),
            wall0,
          ),
        );
        await rawRemove(ctx.manager, app);
        await appContainersLeft(ctx, app.appId, 0);
      } else {
        // the console's deploy page has its socket open before the deploy starts
        const live = await LiveEvents.connect(ctx.baseUrl, ctx.member.token!);
        const t0 = now();
        const cpuDone = cpu.start("portal");
        const wall0 = Date.now();
        const r = await ctx.member.post(`/api/v1/environments/${ctx.environmentId}/apps`, { name: `bench-deploy-${i}`, compose: FIVE });
        if (r.status !== 202) throw new BenchError(`deploy: ${r.status} ${JSON.stringify(r.body)}`);
        accepted.push(now() - t0);
        const job = await live.jobEnded(r.body.jobId).finally(() => live.close());
        portal.push(now() - t0);
        cpuDone();
        // diagnosis: when did the engine itself run the portal's 5 services?
        const own = (await ctx.manager.listServices({ label: [`caas.app=${r.body.app.id}`] })).map((s) => s.id);
        engineSeen.push(await engineRanAt(ctx.manager, own, wall0));
        if (job.status !== "succeeded") throw new BenchError(`deploy job ${job.status}: ${job.error}`);
        const dep = await ctx.member.get(`/api/v1/apps/${r.body.app.id}/deploy`);
        for (const s of (dep.body?.steps ?? []) as { name: string; startedAt: string; endedAt?: string }[]) {
          const at = (name: string, iso: string | undefined) => iso && (steps.get(name) ?? steps.set(name, []).get(name)!).push(Date.parse(iso) - wall0);
          at(`${s.name} started`, s.startedAt);
          at(`${s.name} ended`, s.endedAt);
        }
        const d = await ctx.member.delete(`/api/v1/apps/${r.body.app.id}`);
        if (d.status === 202) await waitJob(ctx.member, d.body.jobId);
        await appContainersLeft(ctx, r.body.app.id, 0);
      }
      ctx.log(`deploy trial ${i + 1}/${ctx.sizes.trials} ${side}: ${Math.round((side === "raw" ? raw : portal).at(-1)!)} ms`);
    }
  }
  const r = stats(raw).p50;
  const p = stats(portal).p50;
  const ratio = p / r;
  return [
    {
      id: "deploy-5",
      measure: "deploy a 5-service app to converged",
      unit: "ms",
      raw: r,
      portal: p,
      compare: "ratio",
      compared: ratio,
      target: "≤ 1.05×",
      verdict: ratio <= 1.05 ? "PASS" : "FAIL",
      note: `${portal.length} trials each; portal = POST /apps → job succeeded (pushed on the /events socket, as the deploy page follows it), raw = network + 5 services → ServiceStatus running (polled 50 ms). Diagnosis (p50): POST answered ${stats(accepted).p50.toFixed(0)} ms, engine ran the portal's 5 services at ${stats(engineSeen).p50.toFixed(0)} ms (the raw ones at ${stats(rawEngineSeen).p50.toFixed(0)} ms), job succeeded at ${p.toFixed(0)} ms; steps (p50, ms after the POST): ${[...steps].map(([k, v]) => `${k} ${stats(v).p50.toFixed(0)}`).join(", ")}; ${cpu.note()}`,
      samples: { raw, portal, accepted, engineSeen, rawEngineSeen, ...cpu.samples() },
    },
  ];
}
