// T27 — a host goes down: the portal shows it within 15 s, the other hosts' pages stay fast,
// swarm reschedules the lost tasks and the portal shows where they run now. Then the host returns.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { addLabHosts, eventually, LAB_HOSTS, labUp, leaveAllSwarms, requireCleanLab } from "../support/lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
const labDir = process.env.CAAS_LAB_DIR || "/var/lib/caas-lab";
let admin: ApiClient;
let T: TenantWorld;
let envId: string;
const hosts: Record<string, string> = {};

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  T = await buildTenant(baseUrl, admin, "loss");
  envId = (await T.users.owner.api.post("/api/v1/environments", { tenantId: T.id, name: "loss", portRange: { from: 30100, to: 30199 } })).body.id;
  Object.assign(hosts, await addLabHosts(admin, envId));
});

afterAll(async () => {
  await labUp().catch(() => undefined);
  for (const id of Object.values(hosts).reverse()) {
    const r = await admin.delete(`/api/v1/hosts/${id}`);
    if (r.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
  }
  await leaveAllSwarms();
});

describe("T27 host down", () => {
  it("shows the host unreachable within 15 s, stays fast, and shows the rescheduled tasks", async () => {
    const compose =
      "services:\n  bg:\n    image: lab/busybox:latest\n    command: sleep 1d\n    deploy:\n      replicas: 3\n      restart_policy:\n        delay: 1s\n";
    const r = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "bg", compose });
    expect((await waitForJob(T.users.member.api, r.body.jobId)).status).toBe("succeeded");
    const svcId = r.body.app.services[0].id;
    await eventually(
      "tasks on 3 hosts",
      async () => {
        const c = await T.users.viewer.api.get(`/api/v1/services/${svcId}/containers`);
        return (
          new Set(c.body.items.filter((x: { state: string }) => x.state === "running").map((x: { host: { name: string } | null }) => x.host?.name)).size === 3
        );
      },
      30_000,
    );

    const pid = Number(fs.readFileSync(path.join(labDir, LAB_HOSTS[2].dir, "docker.pid"), "utf8").trim());
    expect(pid).toBeGreaterThan(1);
    const t0 = Date.now();
    process.kill(pid, "SIGKILL");

    await eventually(
      "lab3 shown down/unreachable",
      async () => {
        const h = await T.users.viewer.api.get(`/api/v1/hosts/${hosts.lab3}`);
        return ["unreachable", "down"].includes(h.body.status);
      },
      15_000,
      250,
    );
    console.log(`[measure] host loss shown by the portal after ${Date.now() - t0} ms`);

    // other hosts' pages stay fast while one is dead
    for (const name of ["lab1", "lab2"]) {
      const s = Date.now();
      const h = await T.users.viewer.api.get(`/api/v1/hosts/${hosts[name]}`);
      expect(h.body.status).toBe("ready");
      expect(Date.now() - s).toBeLessThan(1000);
    }
    const s = Date.now();
    expect((await T.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`)).status).toBe(200);
    expect(Date.now() - s).toBeLessThan(1000);

    await eventually(
      "3 running again, none on lab3",
      async () => {
        const c = await T.users.viewer.api.get(`/api/v1/services/${svcId}/containers`);
        const running = c.body.items.filter((x: { state: string; desiredState: string }) => x.state === "running" && x.desiredState === "running");
        return running.length === 3 && running.every((x: { host: { name: string } | null }) => x.host && x.host.name !== "lab3");
      },
      45_000,
    );
    console.log(`[measure] tasks rescheduled and shown after ${Date.now() - t0} ms`);

    await labUp();
    await eventually("lab3 ready again", async () => (await T.users.viewer.api.get(`/api/v1/hosts/${hosts.lab3}`)).body.status === "ready", 30_000);
    const del = await T.users.member.api.delete(`/api/v1/apps/${r.body.app.id}`);
    expect((await waitForJob(T.users.member.api, del.body.jobId)).status).toBe("succeeded");
  });
});
