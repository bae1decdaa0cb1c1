// Issue 15 items 2-4 on real engines, and the acceptance "the three ways each give a ready swarm
// node; apps deploy across all three", in one environment: a tenant owner adds lab2 over TLS
// (dockerd restarted with client verification and certificates this suite makes with openssl),
// lab1 over SSH (a real OpenSSH sshd this suite starts inside lab1's network namespace, with its own
// config, host key and authorized_keys, and the docker CLI behind `docker system dial-stdio`) with a
// key pair the portal generates, and lab3 by running the one-line registration command inside lab3's
// network namespace (the script reconfigures and restarts that lab dockerd itself). All three
// become nodes of one swarm and a global app runs one task on each; then a label placement
// constraint, a rename, drain state read from the engine node, host details and usage against
// `docker info` and the namespace's own /proc; a changed SSH host key; wrong TLS material; and the
// tenant boundary. Afterwards: sshd stopped by its process group, lab2 plain
// tcp://10.77.0.12:2375 again, lab3's drop-in removed (plain tcp://10.77.0.13:2375), no swarm.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeEngines, engineFor, generateSshKeyPair, type Engine } from "@/lib/docker";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_DIR, LAB_HOSTS, eventually, leaveAllSwarms, releaseLab, requireCleanLab, restartLabEngine } from "../support/lab";
import { tlsKit } from "../support/tls";
import { LabSshd, sshKeygen } from "../support/lab-sshd";
import { labDir, labRegistrationEnv, restoreLabHost, runInLabHost } from "../support/hostreg-lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let T: TenantWorld;
let B: TenantWorld;
let envId: string;
let envB: string;
const ids: Record<string, string> = {};

const LAB1 = LAB_HOSTS[0];
const LAB2 = LAB_HOSTS[1];
const LAB3 = LAB_HOSTS[2];
const TLS_PORT = 2376;

// ─── TLS material (openssl, as an operator would make it) ──────────────────────────────────────
const kit = tlsKit("caas-endpoints-");
const tmp = kit.dir;
const read = kit.read;
kit.ca("ca");
kit.ca("otherca");
kit.cert("ca", "server", `subjectAltName=IP:${LAB2.ip}\nextendedKeyUsage=serverAuth\n`);
kit.cert("ca", "client", "extendedKeyUsage=clientAuth\n");
kit.cert("otherca", "stranger", "extendedKeyUsage=clientAuth\n");
const tls = kit.material("ca", "client");
const tlsEndpoint = `tcp://${LAB2.ip}:${TLS_PORT}`;

// ─── sshd in lab1's network namespace ──────────────────────────────────────────────────────────
const sshd = new LabSshd(0, tmp);

function tlsEngine(): Engine {
  return engineFor({ endpoint: tlsEndpoint, tls }, { timeoutMs: 10_000 });
}

function nsProc(ns: string, file: string): string {
  return execFileSync("nsenter", [`--net=/run/netns/${ns}`, "cat", file], { encoding: "utf8" });
}

beforeAll(async () => {
  // a run that died half-way may have left lab3 with its TLS drop-in: put it back first
  if (fs.existsSync(path.join(labDir, LAB3.dir, "dockerd.d"))) await restoreLabHost(LAB3.dir);
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  T = await buildTenant(baseUrl, admin, "endpoints");
  B = await buildTenant(baseUrl, admin, "endpoints-b");
  const env = await T.users.owner.api.post("/api/v1/environments", { tenantId: T.id, name: "endpoints", portRange: { from: 30700, to: 30749 } });
  expect(env.status, JSON.stringify(env.body)).toBe(201);
  envId = env.body.id;
  envB = (await B.users.owner.api.post("/api/v1/environments", { tenantId: B.id, name: "other", portRange: { from: 30750, to: 30799 } })).body.id;

  // lab2: TLS with client verification only (its plain tcp listener is gone while this suite runs)
  const tlsDir = path.join(LAB_DIR, LAB2.dir, "tls");
  fs.mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  for (const f of ["ca.pem", "server.pem", "server.key"]) fs.copyFileSync(path.join(tmp, f), path.join(tlsDir, f));
  await restartLabEngine(1, {
    hosts: [`unix://${LAB2.sock}`, tlsEndpoint],
    tls: true,
    tlsverify: true,
    tlscacert: path.join(tlsDir, "ca.pem"),
    tlscert: path.join(tlsDir, "server.pem"),
    tlskey: path.join(tlsDir, "server.key"),
  });
  await tlsEngine().ping();

  // lab1: a real sshd in its network namespace
  sshKeygen(path.join(tmp, "hostkey"));
  await sshd.start(path.join(tmp, "hostkey"));
}, 180_000);

afterAll(async () => {
  const errors: unknown[] = [];
  // the SSH host must be reachable with its original key for the portal to remove it
  if (!sshd.running) await sshd.start(path.join(tmp, "hostkey")).catch((e) => errors.push(e));
  await releaseLab(admin, [envId, envB]).catch((e) => errors.push(e));
  await sshd.stop().catch((e) => errors.push(e));
  closeEngines();
  await restartLabEngine(1, null).catch((e) => errors.push(e));
  // lab3 as up.sh makes it: the registration's drop-in and its files removed, dockerd restarted
  await restoreLabHost(LAB3.dir).catch((e) => errors.push(e));
  fs.rmSync(path.join(LAB_DIR, LAB2.dir, "tls"), { recursive: true, force: true });
  await leaveAllSwarms();
  fs.rmSync(tmp, { recursive: true, force: true });
  if (errors.length) throw errors[0];
}, 300_000);

describe("issue 15: hosts over TLS and SSH on real engines", () => {
  it("refuses wrong TLS material with a field error naming the field", async () => {
    const owner = T.users.owner.api;
    const add = (material: typeof tls) => owner.post(`/api/v1/environments/${envId}/hosts`, { name: "lab2", endpoint: tlsEndpoint, tls: material });
    const mismatch = await add({ ...tls, key: read("stranger.key") });
    expect(mismatch.status, JSON.stringify(mismatch.body)).toBe(400);
    expect(mismatch.body.error.details[0].path).toBe("tls.key");
    const otherCa = await add({ ...tls, cert: read("stranger.pem"), key: read("stranger.key") });
    expect(otherCa.status, JSON.stringify(otherCa.body)).toBe(400);
    expect(otherCa.body.error.details[0].path).toBe("tls.cert");
    expect(otherCa.body.error.message).toMatch(/not issued by this CA/);
    expect(JSON.stringify(otherCa.body)).not.toMatch(/SSL routines|EPROTO|alert/);
  });

  it("an owner adds lab2 over TLS: a ready swarm manager, TLS material never returned", async () => {
    const r = await T.users.owner.api.post(`/api/v1/environments/${envId}/hosts`, { name: "lab2", endpoint: tlsEndpoint, tls });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: "ready", tls: true, swarmRole: "manager", advertiseAddr: LAB2.ip });
    ids.lab2 = r.body.id;
    const got = await T.users.owner.api.get(`/api/v1/hosts/${ids.lab2}`);
    const list = await T.users.owner.api.get(`/api/v1/environments/${envId}/hosts`);
    for (const body of [r.body, got.body, list.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain("BEGIN");
      expect(text).not.toContain(tls.key.split("\n")[1]);
      expect(text).not.toMatch(/tlsKey|tlsCa|tlsCert|KeyEnc/);
    }
  });

  it("an owner adds lab1 over SSH with a key pair the portal generated; a wrong key is refused", async () => {
    const owner = T.users.owner.api;
    const endpoint = sshd.endpoint;
    const pair = await owner.post(`/api/v1/environments/${envId}/hosts/ssh-keypair`);
    expect(pair.status, JSON.stringify(pair.body)).toBe(201);
    expect(pair.body.publicKey).toMatch(/^ssh-ed25519 \S+ caas-/);
    expect(JSON.stringify(pair.body)).not.toContain("PRIVATE KEY");

    // before the key is authorized, and with another key: the engine refuses, a safe field error
    const stranger = generateSshKeyPair("stranger").privateKey; // parseable (ssh2's generator misses 1 in 200)
    const wrong = await owner.post(`/api/v1/environments/${envId}/hosts`, { name: "lab1", endpoint, ssh: { privateKey: stranger } });
    expect(wrong.status, JSON.stringify(wrong.body)).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({ path: "endpoint", rule: "auth_failed" });
    // the generated key works only for the environment it was made for
    const elsewhere = await B.users.owner.api.post(`/api/v1/environments/${envB}/hosts`, {
      name: "x",
      endpoint,
      ssh: { generatedKey: pair.body.generatedKey },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details[0].path).toBe("ssh.generatedKey");

    sshd.authorize(pair.body.publicKey);
    const r = await owner.post(`/api/v1/environments/${envId}/hosts`, { name: "lab1", endpoint, ssh: { generatedKey: pair.body.generatedKey } });
    expect(r.status, `${JSON.stringify(r.body)} sshd: ${sshd.log.slice(-800)}`).toBe(201);
    expect(r.body).toMatchObject({ status: "ready", swarmRole: "worker", advertiseAddr: LAB1.ip });
    expect(r.body.sshHostKey).toMatch(/^SHA256:/);
    ids.lab1 = r.body.id;
    const text = JSON.stringify((await owner.get(`/api/v1/hosts/${ids.lab1}`)).body);
    expect(text).not.toMatch(/PRIVATE KEY|sshKeyEnc|generatedKey/);
  });

  it("an owner registers lab3 by running the one-line command inside its namespace", { timeout: 150_000 }, async () => {
    const c = await T.users.owner.api.post(`/api/v1/environments/${envId}/hosts/registration-tokens`, {});
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const run = await runInLabHost(LAB3.dir, c.body.command, labRegistrationEnv(LAB3.dir, "lab3"));
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`Host lab3 (tcp://${LAB3.ip}:2376) is registered`);
    const list = await T.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`);
    const h = list.body.items.find((x: { name: string }) => x.name === "lab3");
    expect(h).toMatchObject({ status: "ready", endpoint: `tcp://${LAB3.ip}:2376`, tls: true, advertiseAddr: LAB3.ip });
    ids.lab3 = h.id;
  });

  it("the three ways give ready nodes of one swarm, and a global app runs one task on each", { timeout: 150_000 }, async () => {
    const nodes = await tlsEngine().listNodes();
    expect(
      nodes
        .filter((n) => n.state === "ready")
        .map((n) => n.addr)
        .sort(),
    ).toEqual([LAB1.ip, LAB2.ip, LAB_HOSTS[2].ip]);
    // the status column is the reconcile loop's last observation: read until it has seen all three
    const statuses = async () =>
      ((await T.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`)).body.items as { name: string; status: string }[])
        .map((x) => `${x.name}:${x.status}`)
        .sort();
    await eventually("the three hosts ready in the list", async () => ((await statuses()).every((s) => s.endsWith(":ready")) ? true : null), 30_000);
    expect(await statuses()).toEqual(["lab1:ready", "lab2:ready", "lab3:ready"]);
    const compose = "services:\n  everywhere:\n    image: lab/busybox:latest\n    command: sleep 1d\n    deploy:\n      mode: global\n";
    const r = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "everywhere", compose });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForJob(T.users.member.api, r.body.jobId)).status).toBe("succeeded");
    const svcId = r.body.app.services[0].id;
    await eventually(
      "one running task on each of the three hosts",
      async () => {
        const c = await T.users.viewer.api.get(`/api/v1/services/${svcId}/containers`);
        const on = c.body.items.filter((x: { state: string }) => x.state === "running").map((x: { host: { name: string } | null }) => x.host?.name);
        return on.length === 3 && [...on].sort().join() === "lab1,lab2,lab3";
      },
      90_000,
    );
    // released now: the placement test below pins its replicas to lab1 alone
    const d = await T.users.member.api.delete(`/api/v1/apps/${r.body.app.id}`);
    expect(d.status, JSON.stringify(d.body)).toBe(202);
    expect((await waitForJob(T.users.member.api, d.body.jobId, 120_000)).status).toBe("succeeded");
  });

  it("labels set in the portal are the engine node's, and a placement constraint uses them", async () => {
    const owner = T.users.owner.api;
    expect((await T.users.viewer.api.patch(`/api/v1/hosts/${ids.lab1}`, { labels: { zone: "ssh" } })).status).toBe(403);
    const bad = await owner.patch(`/api/v1/hosts/${ids.lab1}`, { labels: { "com.docker.x": "1" } });
    expect(bad.status).toBe(400);
    const r = await owner.patch(`/api/v1/hosts/${ids.lab1}`, { labels: { zone: "ssh", disk: "ssd" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.labels).toEqual({ zone: "ssh", disk: "ssd" });
    const node = (await tlsEngine().listNodes()).find((n) => n.addr === LAB1.ip)!;
    expect(node.labels).toEqual({ zone: "ssh", disk: "ssd" });

    const compose =
      "services:\n  pinned:\n    image: lab/busybox:latest\n    command: sleep 1d\n    deploy:\n      replicas: 2\n      placement:\n        constraints:\n          - node.labels.zone == ssh\n";
    const app = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "pinned", compose });
    expect(app.status, JSON.stringify(app.body)).toBe(202);
    expect((await waitForJob(T.users.member.api, app.body.jobId)).status).toBe("succeeded");
    const svcId = app.body.app.services[0].id;
    await eventually(
      "both replicas on lab1",
      async () => {
        const c = await T.users.viewer.api.get(`/api/v1/services/${svcId}/containers`);
        const on = c.body.items.filter((x: { state: string }) => x.state === "running").map((x: { host: { name: string } | null }) => x.host?.name);
        return on.length === 2 && on.every((n: string) => n === "lab1");
      },
      60_000,
    );
  });

  it("rename changes the portal name; the drain state shown is the engine node's", { timeout: 150_000 }, async () => {
    const owner = T.users.owner.api;
    expect((await T.users.viewer.api.patch(`/api/v1/hosts/${ids.lab1}`, { name: "edge" })).status).toBe(403);
    const r = await owner.patch(`/api/v1/hosts/${ids.lab1}`, { name: "edge-ssh" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.name).toBe("edge-ssh");
    const taken = await owner.patch(`/api/v1/hosts/${ids.lab1}`, { name: "lab2" });
    expect(taken.status).toBe(409);

    // drained through the engine itself (not the portal): the list says so
    const nodeId = (await tlsEngine().listNodes()).find((n) => n.addr === LAB1.ip)!.id;
    await tlsEngine().updateNode(nodeId, { availability: "drain" });
    await eventually(
      "the list showing lab1 drained",
      async () => {
        const list = await T.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`);
        return list.body.items.find((h: { id: string }) => h.id === ids.lab1).availability === "drain";
      },
      45_000,
    );
    await tlsEngine().updateNode(nodeId, { availability: "active" });
    await eventually(
      "the host showing lab1 active again",
      async () => {
        const list = await T.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`);
        const h = list.body.items.find((x: { id: string }) => x.id === ids.lab1);
        return h.availability === "active" && h.name === "edge-ssh";
      },
      45_000,
    );
  });

  it("host details match docker info and the namespace's own /proc; usage has history", { timeout: 180_000 }, async () => {
    // the first look starts a probe on the host; its reading shows up on a later look
    const t0 = Date.now();
    const d = await eventually(
      "a usage reading of lab2",
      async () => {
        const r = await T.users.viewer.api.get(`/api/v1/hosts/${ids.lab2}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        // a look whose engine call missed its short deadline (a loaded machine) says reachable: false: look again
        return r.body.details.reachable && r.body.details.usage && Date.parse(r.body.details.usage.at) >= t0 ? r : null;
      },
      90_000,
    );
    const info = await tlsEngine().info();
    const det = d.body.details;
    expect(det.reachable).toBe(true);
    expect(det.engine).toMatchObject({ version: info.serverVersion, cpus: info.ncpu, memoryBytes: info.memTotal, dockerRootDir: info.dockerRootDir });
    expect(det.engine.os).toBe(info.os);

    const meminfo = nsProc(LAB2.netns, "/proc/meminfo");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(meminfo)![1]) * 1024;
    const u = det.usage;
    expect(u.memoryTotal).toBe(kb("MemTotal"));
    expect(u.memoryTotal).toBe(info.memTotal);
    const used = kb("MemTotal") - kb("MemAvailable");
    // a reading of a few seconds ago on a busy machine: within 10 % of the total
    expect(Math.abs(u.memoryUsed - used) / u.memoryTotal).toBeLessThan(0.1);
    const st = fs.statfsSync(info.dockerRootDir);
    expect(u.diskTotal).toBe(st.blocks * st.bsize);
    expect(Math.abs(u.diskUsed - (st.blocks - st.bfree) * st.bsize) / u.diskTotal).toBeLessThan(0.02);
    expect(u.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(u.cpuPercent).toBeLessThanOrEqual(100);
    expect(det.diskWarning).toBe(det.diskPercent > 90);

    const m = await T.users.viewer.api.get(`/api/v1/hosts/${ids.lab2}/metrics?range=1h`);
    expect(m.status).toBe(200);
    expect(m.body.items.length).toBeGreaterThanOrEqual(1);
    expect(m.body.items.at(-1)).toMatchObject({ memoryTotal: info.memTotal });
    expect((await T.users.viewer.api.get(`/api/v1/hosts/${ids.lab2}/metrics?range=1y`)).status).toBe(400);
  });

  it("another tenant's host ids are 404 on every path; viewers cannot generate keys", async () => {
    const other = B.users.owner.api;
    for (const id of [ids.lab1, ids.lab2]) {
      expect((await other.get(`/api/v1/hosts/${id}`)).status).toBe(404);
      expect((await other.patch(`/api/v1/hosts/${id}`, { name: "mine" })).status).toBe(404);
      expect((await other.patch(`/api/v1/hosts/${id}`, { labels: { a: "b" } })).status).toBe(404);
      expect((await other.get(`/api/v1/hosts/${id}/metrics`)).status).toBe(404);
      expect((await other.post(`/api/v1/hosts/${id}/availability`, { availability: "drain" })).status).toBe(404);
      expect((await other.delete(`/api/v1/hosts/${id}`)).status).toBe(404);
    }
    expect((await other.post(`/api/v1/environments/${envId}/hosts/ssh-keypair`)).status).toBe(404);
    expect((await T.users.viewer.api.post(`/api/v1/environments/${envId}/hosts/ssh-keypair`)).status).toBe(403);
    expect((await T.users.member.api.patch(`/api/v1/hosts/${ids.lab2}`, { name: "m" })).status).toBe(403);
  });

  it("refuses an SSH host whose host key changed, with a clear message", { timeout: 240_000 }, async () => {
    await sshd.stop();
    closeEngines();
    sshKeygen(path.join(tmp, "hostkey2"));
    await sshd.start(path.join(tmp, "hostkey2"));
    const d = await T.users.viewer.api.get(`/api/v1/hosts/${ids.lab1}`);
    expect(d.status).toBe(200);
    expect(d.body.details.reachable).toBe(false);
    expect(d.body.details.error).toMatch(/another SSH host key than the one recorded/);
    expect(d.body.lastError).toMatch(/another SSH host key/);
    // the original key again, so the host can be removed at the end
    await sshd.stop();
    closeEngines();
    await sshd.start(path.join(tmp, "hostkey"));
    await eventually(
      "lab1 reachable again with its original host key",
      async () => {
        const b = (await T.users.viewer.api.get(`/api/v1/hosts/${ids.lab1}`)).body;
        // not yet: the reason goes into the timeout's message
        if (b.details?.reachable !== true) throw new Error(`details: ${b.details?.error ?? "no answer in time"}; lastError: ${b.lastError}`);
        return true;
      },
      150_000,
    );
  });
});
