// Issue 15 items 2-4 on real engines. A tenant owner adds lab2 over TLS (dockerd restarted with
// client verification and certificates this suite makes with openssl) and lab1 over SSH (a real
// OpenSSH sshd this suite starts inside lab1's network namespace, with its own config, host key and
// authorized_keys, and the docker CLI behind `docker system dial-stdio`), with a key pair the portal
// generates. Both become swarm nodes and apps deploy across them; a label placement constraint, a
// rename, drain state read from the engine node, host details and usage against `docker info` and
// the namespace's own /proc; a changed SSH host key; wrong TLS material; and the tenant boundary.
// Afterwards: sshd stopped by its pid, lab2 plain tcp://10.77.0.12:2375 again, no swarm.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { utils as sshUtils } from "ssh2";
import { closeEngines, engineFor, type Engine } from "@/lib/docker";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_DIR, LAB_HOSTS, eventually, leaveAllSwarms, releaseLab, requireCleanLab, restartLabEngine } from "../support/lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let T: TenantWorld;
let B: TenantWorld;
let envId: string;
let envB: string;
const ids: Record<string, string> = {};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "caas-endpoints-"));
const LAB1 = LAB_HOSTS[0];
const LAB2 = LAB_HOSTS[1];
const TLS_PORT = 2376;

// ─── TLS material (openssl, as an operator would make it) ──────────────────────────────────────
function openssl(args: string[]): void {
  execFileSync("openssl", args, { cwd: tmp, stdio: ["ignore", "ignore", "pipe"] });
}
function makeCa(name: string): void {
  openssl([
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
  ]);
}
function makeCert(ca: string, name: string, ext: string): void {
  fs.writeFileSync(path.join(tmp, `${name}.ext`), ext);
  openssl([
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-subj",
    `/CN=${name}`,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
  ]);
  openssl([
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.pem`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.pem`,
  ]);
}
const read = (f: string) => fs.readFileSync(path.join(tmp, f), "utf8");
makeCa("ca");
makeCa("otherca");
makeCert("ca", "server", `subjectAltName=IP:${LAB2.ip}\nextendedKeyUsage=serverAuth\n`);
makeCert("ca", "client", "extendedKeyUsage=clientAuth\n");
makeCert("otherca", "stranger", "extendedKeyUsage=clientAuth\n");
const tls = { ca: read("ca.pem"), cert: read("client.pem"), key: read("client.key") };
const tlsEndpoint = `tcp://${LAB2.ip}:${TLS_PORT}`;

// ─── sshd in lab1's network namespace ──────────────────────────────────────────────────────────
const sshPort = 22000 + Math.floor(Math.random() * 900);
let sshd: ChildProcess | undefined;
let sshdLog = "";

function sshKeygen(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file], { stdio: "ignore" });
}

async function startSshd(hostKey: string): Promise<void> {
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 }); // OpenSSH's privilege separation dir
  const cfg = path.join(tmp, "sshd_config");
  fs.writeFileSync(
    cfg,
    [
      `Port ${sshPort}`,
      `ListenAddress ${LAB1.ip}`,
      `HostKey ${hostKey}`,
      `PidFile ${path.join(tmp, "sshd.pid")}`,
      `AuthorizedKeysFile ${path.join(tmp, "authorized_keys")}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "PrintMotd no",
      // the portal opens one SSH connection per engine request (reconciler, sampler, pages at once)
      "MaxStartups 200",
      "MaxSessions 200",
      // the remote `docker system dial-stdio` talks to lab1's own engine
      "SetEnv DOCKER_HOST=unix:///run/caas-lab/h1.sock",
      "",
    ].join("\n"),
  );
  execFileSync("/usr/sbin/sshd", ["-t", "-f", cfg], { stdio: ["ignore", "ignore", "pipe"] });
  sshdLog = "";
  const p = spawn("nsenter", [`--net=/run/netns/caas-lab-h1`, "/usr/sbin/sshd", "-D", "-e", "-f", cfg], { stdio: ["ignore", "ignore", "pipe"] });
  p.stderr!.on("data", (d) => (sshdLog += d));
  sshd = p;
  await eventually(
    "sshd listening",
    () =>
      new Promise<boolean>((resolve) => {
        if (p.exitCode !== null) return resolve(false);
        const s = net.connect(sshPort, LAB1.ip);
        s.once("data", (d: Buffer) => (s.destroy(), resolve(d.toString().startsWith("SSH-"))));
        s.once("error", () => resolve(false));
      }),
    15_000,
    200,
  );
}

async function stopSshd(): Promise<void> {
  const p = sshd;
  sshd = undefined;
  if (!p || p.exitCode !== null || !p.pid) return;
  process.kill(p.pid, "SIGTERM");
  await new Promise((r) => p.once("exit", r));
}

function tlsEngine(): Engine {
  return engineFor({ endpoint: tlsEndpoint, tls }, { timeoutMs: 10_000 });
}

function nsProc(ns: string, file: string): string {
  return execFileSync("nsenter", [`--net=/run/netns/${ns}`, "cat", file], { encoding: "utf8" });
}

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  T = await buildTenant(baseUrl, admin, "endpoints");
  B = await buildTenant(baseUrl, admin, "endpoints-b");
  const env = await T.users.owner.api.post("/api/v1/environments", { tenantId: T.id, name: "endpoints", portRange: { from: 30700, to: 30749 } });
  expect(env.status, JSON.stringify(env.body)).toBe(201);
  envId = env.body.id;
  envB = (await B.users.owner.api.post("/api/v1/environments", { tenantId: B.id, name: "other", portRange: { from: 30750, to: 30799 } })).body.id;

  // lab2: TLS with client verification only (its plain tcp listener is gone while this suite runs)
  const tlsDir = path.join(LAB_DIR, "h2", "tls");
  fs.mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  for (const f of ["ca.pem", "server.pem", "server.key"]) fs.copyFileSync(path.join(tmp, f), path.join(tlsDir, f));
  await restartLabEngine(1, {
    hosts: ["unix:///run/caas-lab/h2.sock", tlsEndpoint],
    tls: true,
    tlsverify: true,
    tlscacert: path.join(tlsDir, "ca.pem"),
    tlscert: path.join(tlsDir, "server.pem"),
    tlskey: path.join(tlsDir, "server.key"),
  });
  await tlsEngine().ping();

  // lab1: a real sshd in its network namespace
  sshKeygen(path.join(tmp, "hostkey"));
  fs.writeFileSync(path.join(tmp, "authorized_keys"), "");
  await startSshd(path.join(tmp, "hostkey"));
}, 180_000);

afterAll(async () => {
  const errors: unknown[] = [];
  // the SSH host must be reachable with its original key for the portal to remove it
  if (!sshd) await startSshd(path.join(tmp, "hostkey")).catch((e) => errors.push(e));
  await releaseLab(admin, [envId, envB]).catch((e) => errors.push(e));
  await stopSshd().catch((e) => errors.push(e));
  closeEngines();
  await restartLabEngine(1, null).catch((e) => errors.push(e));
  fs.rmSync(path.join(LAB_DIR, "h2", "tls"), { recursive: true, force: true });
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
    const endpoint = `ssh://root@${LAB1.ip}:${sshPort}`;
    const pair = await owner.post(`/api/v1/environments/${envId}/hosts/ssh-keypair`);
    expect(pair.status, JSON.stringify(pair.body)).toBe(201);
    expect(pair.body.publicKey).toMatch(/^ssh-ed25519 \S+ caas-/);
    expect(JSON.stringify(pair.body)).not.toContain("PRIVATE KEY");

    // before the key is authorized, and with another key: the engine refuses, a safe field error
    const stranger = sshUtils.generateKeyPairSync("ed25519").private;
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

    fs.writeFileSync(path.join(tmp, "authorized_keys"), `${pair.body.publicKey}\n`);
    const r = await owner.post(`/api/v1/environments/${envId}/hosts`, { name: "lab1", endpoint, ssh: { generatedKey: pair.body.generatedKey } });
    expect(r.status, `${JSON.stringify(r.body)} sshd: ${sshdLog.slice(-800)}`).toBe(201);
    expect(r.body).toMatchObject({ status: "ready", swarmRole: "worker", advertiseAddr: LAB1.ip });
    expect(r.body.sshHostKey).toMatch(/^SHA256:/);
    ids.lab1 = r.body.id;
    const text = JSON.stringify((await owner.get(`/api/v1/hosts/${ids.lab1}`)).body);
    expect(text).not.toMatch(/PRIVATE KEY|sshKeyEnc|generatedKey/);
  });

  it("both are ready swarm nodes and one app deploys across both", async () => {
    const nodes = await tlsEngine().listNodes();
    expect(
      nodes
        .filter((n) => n.state === "ready")
        .map((n) => n.addr)
        .sort(),
    ).toEqual([LAB1.ip, LAB2.ip]);
    const compose =
      "services:\n  spread:\n    image: lab/busybox:latest\n    command: sleep 1d\n    deploy:\n      replicas: 2\n      placement:\n        max_replicas_per_node: 1\n";
    const r = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "spread", compose });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForJob(T.users.member.api, r.body.jobId)).status).toBe("succeeded");
    const svcId = r.body.app.services[0].id;
    await eventually(
      "one running task on each host",
      async () => {
        const c = await T.users.viewer.api.get(`/api/v1/services/${svcId}/containers`);
        const on = c.body.items.filter((x: { state: string }) => x.state === "running").map((x: { host: { name: string } | null }) => x.host?.name);
        return on.length === 2 && new Set(on).size === 2;
      },
      60_000,
    );
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

  it("rename changes the portal name; the drain state shown is the engine node's", async () => {
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
      20_000,
    );
    await tlsEngine().updateNode(nodeId, { availability: "active" });
    await eventually(
      "the host showing lab1 active again",
      async () => {
        const list = await T.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`);
        const h = list.body.items.find((x: { id: string }) => x.id === ids.lab1);
        return h.availability === "active" && h.name === "edge-ssh";
      },
      20_000,
    );
  });

  it("host details match docker info and the namespace's own /proc; usage has history", async () => {
    // the first look starts a probe on the host; its reading shows up on a later look
    const t0 = Date.now();
    const d = await eventually(
      "a usage reading of lab2",
      async () => {
        const r = await T.users.viewer.api.get(`/api/v1/hosts/${ids.lab2}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        return r.body.details.usage && Date.parse(r.body.details.usage.at) >= t0 ? r : null;
      },
      30_000,
    );
    const info = await tlsEngine().info();
    const det = d.body.details;
    expect(det.reachable).toBe(true);
    expect(det.engine).toMatchObject({ version: info.serverVersion, cpus: info.ncpu, memoryBytes: info.memTotal, dockerRootDir: info.dockerRootDir });
    expect(det.engine.os).toBe(info.os);

    const meminfo = nsProc("caas-lab-h2", "/proc/meminfo");
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

  it("refuses an SSH host whose host key changed, with a clear message", async () => {
    await stopSshd();
    closeEngines();
    sshKeygen(path.join(tmp, "hostkey2"));
    await startSshd(path.join(tmp, "hostkey2"));
    const d = await T.users.viewer.api.get(`/api/v1/hosts/${ids.lab1}`);
    expect(d.status).toBe(200);
    expect(d.body.details.reachable).toBe(false);
    expect(d.body.details.error).toMatch(/another SSH host key than the one recorded/);
    expect(d.body.lastError).toMatch(/another SSH host key/);
    // the original key again, so the host can be removed at the end
    await stopSshd();
    closeEngines();
    await startSshd(path.join(tmp, "hostkey"));
    await eventually(
      "lab1 reachable again with its original host key",
      async () => (await T.users.viewer.api.get(`/api/v1/hosts/${ids.lab1}`)).body.details.reachable === true,
      60_000,
    );
  });
});
