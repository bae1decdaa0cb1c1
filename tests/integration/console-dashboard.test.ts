// Issue 11 item 3 on the three-engine lab: the dashboard (GET /api/v1/dashboard and the page that
// renders and polls it) shows host health, capacity and the apps that need a look; a host killed
// in the lab is shown unreachable within 15 s and the app on it is "stale", not "running" (the lab
// is restored afterwards, whatever happens). Plus the T1 sweep and T4 rows of the endpoint.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, sessionCookie, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, eventually, leaveAllSwarms, requireCleanLab } from "../support/lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
const root = path.resolve(import.meta.dirname, "../..");
const labDir = process.env.CAAS_LAB_DIR || "/var/lib/caas-lab";
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
let envId: string;
let appId: string;
const hosts: Record<string, string> = {};

function labUp(): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn("bash", [path.join(root, "scripts", "lab", "up.sh")], { stdio: ["ignore", "ignore", "inherit"] });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lab up exited ${code}`))));
  });
}

type Dash = {
  environments: { id: string; hosts: { id: string; name: string; status: string }[]; health: { ready: number; lost: number }; capacity: { cpus: number } }[];
  attention: { id: string; status: string; stale: string | null }[];
  deploys: { appId: string }[];
  publishRequests: { pending: number } | null;
};

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "dash-a");
  B = await buildTenant(baseUrl, admin, "dash-b");
  envId = (await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "dash", portRange: { from: 30200, to: 30299 } })).body.id;
  for (const h of LAB_HOSTS) {
    const r = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: h.name, endpoint: h.endpoint });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    hosts[h.name] = r.body.id;
  }
  const compose =
    "services:\n  bg:\n    image: lab/busybox:latest\n    command: sleep 1d\n    deploy:\n      replicas: 3\n      restart_policy:\n        delay: 1s\n";
  const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "bg", compose });
  expect((await waitForJob(A.users.member.api, r.body.jobId)).status).toBe("succeeded");
  appId = r.body.app.id;
});

afterAll(async () => {
  await labUp().catch(() => undefined);
  if (appId) {
    const del = await admin.delete(`/api/v1/apps/${appId}`);
    if (del.status === 202) await waitForJob(admin, del.body.jobId, 120_000).catch(() => undefined);
  }
  for (const id of Object.values(hosts).reverse()) {
    const r = await admin.delete(`/api/v1/hosts/${id}`);
    if (r.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
  }
  await leaveAllSwarms();
});

describe("dashboard", () => {
  it("shows a tenant member the environment's hosts, capacity and recent deploys; the publish queue only to admins", async () => {
    const d = await eventually(
      "3 ready hosts and the app settled",
      async () => {
        const r = await A.users.viewer.api.get<Dash>("/api/v1/dashboard");
        const env = r.body.environments.find((e) => e.id === envId);
        return env?.health.ready === 3 && !r.body.attention.some((a) => a.id === appId) ? r.body : null;
      },
      45_000,
    );
    const env = d.environments.find((e) => e.id === envId)!;
    expect(env.capacity.cpus).toBeGreaterThan(0);
    expect(d.deploys.map((x) => x.appId)).toContain(appId);
    expect(d.publishRequests).toBeNull();
    expect((await admin.get<Dash>("/api/v1/dashboard")).body.publishRequests).toEqual({ pending: expect.any(Number) });
    // narrowed to one tenant, and refused fields
    expect((await A.users.member.api.get<Dash>(`/api/v1/dashboard?tenantId=${A.id}`)).body.environments.map((e) => e.id)).toContain(envId);
    expect((await A.users.member.api.get(`/api/v1/dashboard?tenant=${A.id}`)).status).toBe(400);
  });

  it("shows another tenant nothing of this one, answers 404 for its id and 401 to anonymous (T1)", async () => {
    for (const role of ["owner", "member", "viewer"] as const) {
      const mine = await B.users[role].api.get("/api/v1/dashboard");
      expect(mine.status).toBe(200);
      expect(JSON.stringify(mine.body)).not.toContain(envId);
      expect(JSON.stringify(mine.body)).not.toContain(appId);
      expect((await B.users[role].api.get(`/api/v1/dashboard?tenantId=${A.id}`)).status).toBe(404);
    }
    expect((await new ApiClient(baseUrl).get("/api/v1/dashboard")).status).toBe(401);
  });

  it("shows a killed host unreachable within 15 s and its app stale, on the API and the page; then the host returns", async () => {
    const pid = Number(fs.readFileSync(path.join(labDir, "h3", "docker.pid"), "utf8").trim());
    expect(pid).toBeGreaterThan(1);
    const t0 = Date.now();
    process.kill(pid, "SIGKILL");
    try {
      const d = await eventually(
        "lab3 unreachable and the app stale on the dashboard",
        async () => {
          const r = await A.users.viewer.api.get<Dash>("/api/v1/dashboard");
          const env = r.body.environments.find((e) => e.id === envId);
          const lab3 = env?.hosts.find((h) => h.id === hosts.lab3);
          const app = r.body.attention.find((a) => a.id === appId);
          return lab3 && ["unreachable", "down"].includes(lab3.status) && app?.stale === "hostLost" ? r.body : null;
        },
        15_000,
        250,
      );
      console.log(`[measure] host loss on the dashboard after ${Date.now() - t0} ms`);
      expect(d.environments.find((e) => e.id === envId)!.health.lost).toBe(1);

      // The page a person opens says the same (server render; the browser then polls the API).
      const cookie = await sessionCookie(baseUrl, A.users.viewer.email, A.users.viewer.password);
      const page = await fetch(`${baseUrl}/`, { headers: { cookie, "accept-language": "en" } });
      const html = await page.text();
      expect(page.status).toBe(200);
      const row = html.slice(html.indexOf(`data-testid="dashboard-app-${appId}"`));
      expect(row.length).toBeGreaterThan(0);
      expect(row.slice(0, 3000)).toMatch(/>stale</);
      expect(html.slice(html.indexOf(`data-testid="dashboard-host-${hosts.lab3}"`)).slice(0, 600)).toMatch(/>(unreachable|down)</);
    } finally {
      await labUp();
    }
    await eventually(
      "lab3 ready and the app trusted again",
      async () => {
        const r = await A.users.viewer.api.get<Dash>("/api/v1/dashboard");
        const env = r.body.environments.find((e) => e.id === envId);
        return env?.health.ready === 3 && !r.body.attention.some((a) => a.id === appId && a.stale);
      },
      60_000,
    );
  });
});
