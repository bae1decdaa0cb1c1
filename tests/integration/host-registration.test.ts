// Issue 15: the one-line registration command, on a real lab engine. lab3's dockerd is reconfigured
// and restarted by the script itself, through the drop-in it writes into the lab host's directory
// (scripts/lab/up.sh honours it) and the lab's restart hook; afterwards lab3 is put back to plain
// tcp://10.77.0.13:2375 (h6 at 10.77.0.16 on the second lab set) with no swarm, whatever happened.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, eventually, labEngine, releaseLab, requireCleanLab } from "../support/lab";
import { labDir, labRegistrationEnv, restoreLabHost, runInLabHost } from "../support/hostreg-lab";
import { tlsKit } from "../support/tls";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
const anon = () => new ApiClient(baseUrl);
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
let envId: string;
let otherEnvId: string;
let hostId: string;
const LAB3 = LAB_HOSTS[2].dir;
const IP3 = LAB_HOSTS[2].ip;
const env3 = labRegistrationEnv(LAB3, "lab3");
const kit = tlsKit("caas-hostreg-");
const tmp = kit.dir;

const tokenOf = (command: string) => /\/api\/v1\/hosts\/register\/(hr_[A-Za-z0-9_-]+)/.exec(command)![1];
const tokensPath = (env: string) => `/api/v1/environments/${env}/hosts/registration-tokens`;

async function newCommand(expiresInSeconds?: number) {
  const r = await A.users.owner.api.post(tokensPath(envId), expiresInSeconds ? { expiresInSeconds } : {});
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; command: string; commands: { curl: string; wget: string }; expiresAt: string };
}

const csr = (subject: string, san: string) => kit.csr(subject, san);

async function postText(p: string, body: string) {
  const r = await fetch(baseUrl + p, { method: "POST", headers: { "content-type": "text/plain" }, body });
  return { status: r.status, text: await r.text() };
}

beforeAll(async () => {
  // a run that died half-way may have left lab3 with its TLS drop-in: put it back first
  if (fs.existsSync(path.join(labDir, LAB3, "dockerd.d"))) await restoreLabHost(LAB3);
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "hostreg-a");
  B = await buildTenant(baseUrl, admin, "hostreg-b");
  envId = (await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "reg", portRange: { from: 30900, to: 30949 } })).body.id;
  otherEnvId = (await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "reg-other", portRange: { from: 30950, to: 30999 } })).body.id;
});

afterAll(async () => {
  try {
    await releaseLab(admin, [envId, otherEnvId]);
  } finally {
    await restoreLabHost(LAB3);
    await labEngine(2)
      .swarmLeave({ force: true })
      .catch(() => undefined);
    const info = await labEngine(2).info();
    expect(info.swarm.state).toBe("inactive");
    kit.remove();
  }
}, 180_000);

describe("registration tokens", () => {
  it("are shown once, listed without the token, and only for owners of the environment", async () => {
    const c = await newCommand();
    const token = tokenOf(c.command);
    expect(c.command).toBe(`curl -fsSL '${new URL(baseUrl).protocol}//10.77.0.1:${new URL(baseUrl).port}/api/v1/hosts/register/${token}' | sudo sh`);
    expect(c.commands.wget).toContain(`wget -qO- '`);
    expect(new Date(c.expiresAt).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    const list = await A.users.owner.api.get(tokensPath(envId));
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(list.body.items.find((t: { id: string }) => t.id === c.id)).toMatchObject({ state: "valid", purpose: "register" });
    // members and viewers of the tenant may not; another tenant does not see the environment
    expect((await A.users.member.api.post(tokensPath(envId), {})).status).toBe(403);
    expect((await A.users.viewer.api.get(tokensPath(envId))).status).toBe(403);
    expect((await B.users.owner.api.get(tokensPath(envId))).status).toBe(404);
    expect((await B.users.owner.api.post(tokensPath(envId), {})).status).toBe(404);
    expect((await B.users.owner.api.delete(`${tokensPath(envId)}/${c.id}`)).status).toBe(404);
    // platform admins may too
    const byAdmin = await admin.post(tokensPath(envId), { expiresInSeconds: 60 });
    expect(byAdmin.status).toBe(201);
    expect((await admin.delete(`${tokensPath(envId)}/${byAdmin.body.id}`)).body.state).toBe("revoked");
    // the token belongs to its environment: unknown under another one of the same tenant
    expect((await A.users.owner.api.delete(`${tokensPath(otherEnvId)}/${c.id}`)).status).toBe(404);
    expect((await A.users.owner.api.get(tokensPath(otherEnvId))).body.items).toEqual([]);
    // the script, with no other authentication
    const s = await anon().get(`/api/v1/hosts/register/${token}`);
    expect(s.status).toBe(200);
    expect(s.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(String(s.body).startsWith("#!/bin/sh\n")).toBe(true);
    expect((await anon().get(`/api/v1/hosts/register/hr_${"x".repeat(43)}`)).status).toBe(404);
    // revoked: refused at once, script and CSR step
    expect((await A.users.owner.api.delete(`${tokensPath(envId)}/${c.id}`)).body.state).toBe("revoked");
    expect((await anon().get(`/api/v1/hosts/register/${token}`)).status).toBe(410);
    expect((await postText(`/api/v1/hosts/register/${token}/csr?name=lab3&address=${IP3}`, csr("/CN=lab3", `IP:${IP3},DNS:lab3`))).status).toBe(410);
  });

  it("expire (expiresInSeconds within bounds)", async () => {
    expect((await A.users.owner.api.post(tokensPath(envId), { expiresInSeconds: 0 })).status).toBe(400);
    expect((await A.users.owner.api.post(tokensPath(envId), { expiresInSeconds: 3601 })).status).toBe(400);
    const c = await newCommand(1);
    const token = tokenOf(c.command);
    await eventually("the token's expiry", async () => Date.now() > new Date(c.expiresAt).getTime() + 200, 10_000, 100);
    const s = await anon().get(`/api/v1/hosts/register/${token}`);
    expect(s.status).toBe(410);
    expect(String(s.body)).toMatch(/^error: .*expired/);
    expect((await A.users.owner.api.get(tokensPath(envId))).body.items.find((t: { id: string }) => t.id === c.id).state).toBe("expired");
  });

  it("refuse a forged CSR for another host name or address, without consuming the token", async () => {
    const c = await newCommand();
    const token = tokenOf(c.command);
    const step = `/api/v1/hosts/register/${token}/csr?name=lab3&address=${IP3}`;
    const other = await postText(step, csr("/CN=portal.example", `IP:${IP3},DNS:portal.example`));
    expect(other.status).toBe(422);
    expect(other.text).toMatch(/another host/);
    expect((await postText(step, csr("/CN=lab3", `IP:${IP3},IP:${LAB_HOSTS[0].ip},DNS:lab3`))).status).toBe(422);
    expect((await postText(step, csr("/CN=lab3", "DNS:lab3"))).status).toBe(422);
    expect((await postText(step, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")).status).toBe(400);
    expect((await anon().get(`/api/v1/hosts/register/${token}`)).status).toBe(200);
    await A.users.owner.api.delete(`${tokensPath(envId)}/${c.id}`);
  });
});

describe("registering lab3 with the command", () => {
  let command: string;
  let savedScript: string;

  it("reconfigures the engine, which becomes a ready swarm node of the environment", { timeout: 120_000 }, async () => {
    const c = await newCommand();
    command = c.command;
    savedScript = String((await anon().get(`/api/v1/hosts/register/${tokenOf(command)}`)).body);
    const r = await runInLabHost(LAB3, command, env3);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(new RegExp(`Host lab3 \\(tcp://${IP3.replace(/\./g, "\\.")}:2376\\) is registered`));
    const hosts = await A.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`);
    const h = hosts.body.items.find((x: { name: string }) => x.name === "lab3");
    expect(h).toMatchObject({ status: "ready", endpoint: `tcp://${IP3}:2376`, tls: true, swarmRole: "manager", advertiseAddr: IP3 });
    hostId = h.id;
    // the drop-in the script wrote, its backup and undo script; the plain listener is gone
    const dropin = fs.readFileSync(path.join(labDir, LAB3, "dockerd.d", "caas-tls.flags"), "utf8");
    expect(dropin).toContain("--tlsverify");
    expect(fs.readdirSync(path.join(labDir, LAB3, "caas")).some((f) => f.startsWith("backup-"))).toBe(true);
    await expect(labEngine(2).ping()).rejects.toThrow();
    // the key was made on the host and stays there (0600); the portal only ever saw the CSR
    expect(fs.statSync(path.join(labDir, LAB3, "caas", "server-key.pem")).mode & 0o777).toBe(0o600);
    const list = await A.users.owner.api.get(tokensPath(envId));
    expect(list.body.items.find((t: { id: string }) => t.id === c.id)).toMatchObject({ state: "completed", hostId, hostName: "lab3", address: IP3 });
  });

  it("refuses the token a second time, and a second run leaves the engine's configuration working", { timeout: 60_000 }, async () => {
    const token = tokenOf(command);
    expect((await anon().get(`/api/v1/hosts/register/${token}`)).status).toBe(410);
    expect((await postText(`/api/v1/hosts/register/${token}/csr?name=lab3&address=${IP3}`, csr("/CN=lab3", `IP:${IP3},DNS:lab3`))).status).toBe(410);
    const before = {
      dropin: fs.readFileSync(path.join(labDir, LAB3, "dockerd.d", "caas-tls.flags"), "utf8"),
      cert: fs.readFileSync(path.join(labDir, LAB3, "caas", "server-cert.pem"), "utf8"),
    };
    // the same command again: curl -f gets 410, sh runs nothing
    const again = await runInLabHost(LAB3, command, env3);
    expect(again.out).toMatch(/410/);
    // the script saved from the first run, run again: refused at the certificate step, nothing changed
    fs.writeFileSync(path.join(tmp, "saved.sh"), savedScript);
    const saved = await runInLabHost(LAB3, `sh ${path.join(tmp, "saved.sh")}`, env3);
    expect(saved.code).toBe(1);
    expect(saved.out).toMatch(/FAILED: the portal refused the certificate request: error: .*already used/);
    expect(saved.out).toMatch(/nothing on this machine was changed/);
    // a fresh command on the already registered machine: refused before anything changes
    const fresh = await runInLabHost(LAB3, (await newCommand()).command, env3);
    expect(fresh.code).toBe(1);
    expect(fresh.out).toMatch(/already a host in the portal/);
    expect(fs.readFileSync(path.join(labDir, LAB3, "dockerd.d", "caas-tls.flags"), "utf8")).toBe(before.dropin);
    expect(fs.readFileSync(path.join(labDir, LAB3, "caas", "server-cert.pem"), "utf8")).toBe(before.cert);
    expect((await A.users.viewer.api.get(`/api/v1/hosts/${hostId}`)).body.status).toBe("ready");
  });

  it("runs an app on the registered host", { timeout: 90_000 }, async () => {
    const compose = "services:\n  bg:\n    image: lab/busybox:latest\n    command: sleep 1d\n    init: true\n";
    const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "onreg", compose });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForJob(A.users.member.api, r.body.jobId)).status).toBe("succeeded");
    const svcId = r.body.app.services[0].id;
    await eventually(
      "a running container on lab3",
      async () => {
        const c = await A.users.viewer.api.get(`/api/v1/services/${svcId}/containers`);
        return c.body.items.some((x: { state: string; host: { name: string } | null }) => x.state === "running" && x.host?.name === "lab3");
      },
      45_000,
    );
  });

  it("rotates the certificate of the registered host with a fresh one-time command", { timeout: 120_000 }, async () => {
    expect((await B.users.owner.api.post(`/api/v1/hosts/${hostId}/rotate-certificate`, {})).status).toBe(404);
    expect((await A.users.viewer.api.post(`/api/v1/hosts/${hostId}/rotate-certificate`, {})).status).toBe(403);
    const r = await A.users.owner.api.post(`/api/v1/hosts/${hostId}/rotate-certificate`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const token = tokenOf(r.body.command);
    // bound to this host: a CSR for another name is refused
    expect((await postText(`/api/v1/hosts/register/${token}/csr?name=other&address=${IP3}`, csr("/CN=other", `IP:${IP3},DNS:other`))).status).toBe(422);
    const certBefore = fs.readFileSync(path.join(labDir, LAB3, "caas", "server-cert.pem"), "utf8");
    const run = await runInLabHost(LAB3, r.body.command, env3);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/certificate of host lab3 was renewed/);
    expect(fs.readFileSync(path.join(labDir, LAB3, "caas", "server-cert.pem"), "utf8")).not.toBe(certBefore);
    await eventually("lab3 ready after the rotation", async () => (await A.users.viewer.api.get(`/api/v1/hosts/${hostId}`)).body.status === "ready", 30_000);
    expect((await anon().get(`/api/v1/hosts/register/${token}`)).status).toBe(410);
  });
});
