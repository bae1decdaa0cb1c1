// Dashboard and apps list with many apps: run after the list and ports measures, while their apps
// (the list fixture's containers and the concurrent deploys' apps) still exist. Server time of the
// apps list REST call, the apps page and the dashboard page (server-rendered, session cookie), as a
// tenant member. No raw side: the engine has no such view.
import type { BenchContext } from "../context";
import { BenchError, now, sessionCookie, stats, type Row } from "../support";

export const DASHBOARD_ROWS = ["dash-apps-rest-p95", "dash-apps-page-p95", "dash-home-page-p95"] as const;

async function timeIt(n: number, fn: () => Promise<void>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await fn();
    out.push(now() - t0);
  }
  return out;
}

export async function measureDashboard(ctx: BenchContext): Promise<Row[]> {
  const samples = ctx.sizes.listSamples;
  const cookie = await sessionCookie(ctx.baseUrl, ctx.memberCreds.email, ctx.memberCreds.password);
  const first = await ctx.member.get(`/api/v1/environments/${ctx.environmentId}/apps`);
  if (first.status !== 200) throw new BenchError(`apps list: ${first.status}`);
  const apps = (first.body.items as unknown[]).length;
  const page = (path: string) => async () => {
    const p = await fetch(`${ctx.baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });
    const html = await p.text();
    if (p.status !== 200 || html.length < 1000) throw new BenchError(`${path}: ${p.status}, ${html.length} bytes`);
  };
  const restT = await timeIt(samples, async () => {
    const r = await ctx.member.get(`/api/v1/environments/${ctx.environmentId}/apps`);
    if (r.status !== 200) throw new BenchError(`apps list: ${r.status}`);
  });
  const appsT = await timeIt(samples, page("/apps"));
  const homeT = await timeIt(samples, page("/"));
  const containers = ctx.sizes.listContainers;
  const size = `${apps} apps, ${containers} containers (the list fixture) in the environment; ${samples} samples`;
  const row = (id: string, measure: string, t: number[], note: string): Row => {
    const s = stats(t);
    return {
      id,
      measure,
      unit: "ms",
      raw: null,
      portal: s.p95,
      compare: "none",
      compared: null,
      target: "p95 < 200 ms",
      verdict: s.p95 < 200 ? "PASS" : "FAIL",
      note: `${note}; p50 ${s.p50.toFixed(0)} ms; ${size}`,
      samples: { portal: t },
    };
  };
  return [
    row("dash-apps-rest-p95", `apps list, ${apps} apps: REST p95`, restT, "GET /environments/{id}/apps"),
    row("dash-apps-page-p95", `apps page, ${apps} apps: server time p95`, appsT, "GET /apps (server-rendered)"),
    row("dash-home-page-p95", `dashboard, ${apps} apps / ${containers} containers: server time p95`, homeT, "GET / (server-rendered)"),
  ];
}
