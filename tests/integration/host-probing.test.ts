// Issue 9 holes 5 and 7, written as the attack, against the real portal and the lab.
// Hole 5: a tenant owner points host endpoints at the portal's loopback ports, a closed port, an
// open port of a listener in this process, link-local metadata, IPv6 loopback, names and
// spellings that resolve to loopback, the portal machine's own address and a range the admin
// denied through the settings API: every answer is the same user-safe refusal, given before any
// connection (the listener counts none), with no OpenSSL/Node text. Private lab addresses stay
// allowed for owners, and admins keep their plain tcp:// lab hosts.
// Hole 7: port pools that include an engine/swarm control port or an admin-reserved port are
// refused for owners and admins alike, naming portRange.from/to and the port.
import dns from "node:dns";
import net from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateSshKeyPair } from "@/lib/docker";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, leaveAllSwarms, requireCleanLab } from "../support/lab";
import { tlsKit } from "../support/tls";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
const portalPort = Number(new URL(baseUrl).port);
let admin: ApiClient;
let A: TenantWorld;
let envId: string;
const hostIds: string[] = [];

// A listener the attacker would like to learn about: it must never see a connection.
let probed = 0;
const listener = net.createServer((s) => {
  probed++;
  s.destroy();
});
let listenerPort: number;
let closedPort: number;

// Real TLS client material (self-signed), so a connection that is attempted really handshakes.
const kit = tlsKit("caas-probe-", 1);
kit.ca("probe-test");
const tls = kit.material("probe-test", "probe-test");
const sshKey = generateSshKeyPair("probe").privateKey; // a key ssh2 itself parses (its generator misses 1 in 200)

const LEAKS = /ECONN|EPROTO|OpenSSL|SSL routines|wrong version|socket|getaddrinfo|Error:|127\.0\.0\.1|169\.254|::1|localhost/i;

function ownAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (!a.internal && a.family === "IPv4") return a.address;
  throw new Error("this machine has no non-loopback IPv4 address to test with");
}

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "probe-a");
  const env = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "probe", portRange: { from: 30300, to: 30399 } });
  expect(env.status, JSON.stringify(env.body)).toBe(201);
  envId = env.body.id;
  await new Promise<void>((ok) => listener.listen(0, "127.0.0.1", ok));
  listenerPort = (listener.address() as net.AddressInfo).port;
  const t = net.createServer();
  await new Promise<void>((ok) => t.listen(0, "127.0.0.1", ok));
  closedPort = (t.address() as net.AddressInfo).port;
  await new Promise((ok) => t.close(ok));
});

afterAll(async () => {
  // Settings are platform-wide: leave them as the other suites expect them.
  if (admin) await admin.put("/api/v1/settings", { hostNetworkAllow: [], hostNetworkDeny: [], reservedPorts: [] });
  for (const id of hostIds.reverse()) {
    const r = await admin.delete(`/api/v1/hosts/${id}`);
    if (r.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
  }
  await leaveAllSwarms();
  listener.close();
  kit.remove();
});

describe("platform settings API", () => {
  it("is for platform admins only", async () => {
    expect((await A.users.owner.api.get("/api/v1/settings")).status).toBe(403);
    expect((await A.users.owner.api.put("/api/v1/settings", { hostNetworkDeny: [] })).status).toBe(403);
    const r = await admin.get("/api/v1/settings");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ hostNetworkAllow: expect.any(Array), hostNetworkDeny: expect.any(Array), reservedPorts: expect.any(Array) });
  });

  it("validates networks and ports by field, refuses unknown fields, and stores canonical ranges", async () => {
    const bad = await admin.put("/api/v1/settings", { hostNetworkDeny: ["10.0.0.0/33"], reservedPorts: [70000] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["hostNetworkDeny.0", "reservedPorts.0"]);
    expect((await admin.put("/api/v1/settings", { hostNetworkDenied: [] })).status).toBe(400);
    const ok = await admin.put("/api/v1/settings", { hostNetworkDeny: ["203.0.113.9/24"] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.hostNetworkDeny).toEqual(["203.0.113.0/24"]);
  });
});

describe("hole 5: adding a host cannot probe the network", () => {
  it("gives a tenant owner the same refusal for every loopback, link-local, own and denied address, before connecting", async () => {
    // the name resolves to loopback or to this machine's own address: refused either way
    const hostname = os.hostname().toLowerCase();
    const resolved = await dns.promises.lookup(hostname, { all: true });
    expect(resolved.length).toBeGreaterThan(0);
    await admin.put("/api/v1/settings", { hostNetworkDeny: ["203.0.113.0/24"] });

    const attempts = [
      `tcp://127.0.0.1:${portalPort}`,
      `tcp://127.0.0.1:${closedPort}`,
      `tcp://127.0.0.1:${listenerPort}`,
      `tcp://localhost:${listenerPort}`,
      `tcp://127.3.4.5:${listenerPort}`,
      "tcp://169.254.169.254:2376",
      `tcp://[::1]:${listenerPort}`,
      `tcp://[::ffff:127.0.0.1]:${listenerPort}`,
      `tcp://0x7f.0.0.1:${listenerPort}`,
      `tcp://${hostname}:${listenerPort}`,
      `tcp://${ownAddress()}:${portalPort}`,
      "tcp://0.0.0.0:2376",
      "tcp://203.0.113.7:2376",
    ];
    const bodies: unknown[] = [];
    for (const endpoint of attempts) {
      const t0 = Date.now();
      const r = await A.users.owner.api.post(`/api/v1/environments/${envId}/hosts`, { name: "probe", endpoint, tls, advertiseAddr: "10.77.0.99" });
      expect(r.status, `${endpoint}: ${JSON.stringify(r.body)}`).toBe(422);
      expect(r.body.error.code).toBe("POLICY");
      expect(r.body.error.details).toEqual([
        expect.objectContaining({ path: "endpoint", message: "Address not allowed", rule: "refused_by_policy", key: expect.any(String) }),
      ]);
      expect(JSON.stringify(r.body), endpoint).not.toMatch(LEAKS);
      expect(Date.now() - t0, endpoint).toBeLessThan(3_000);
      bodies.push(r.body);
    }
    // ssh:// to loopback: the same answer, the same (absent) connection
    const ssh = await A.users.owner.api.post(`/api/v1/environments/${envId}/hosts`, {
      name: "probe",
      endpoint: `ssh://root@127.0.0.1:${listenerPort}`,
      ssh: { privateKey: sshKey },
      advertiseAddr: "10.77.0.99",
    });
    expect(ssh.status, JSON.stringify(ssh.body)).toBe(422);
    bodies.push(ssh.body);

    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(probed).toBe(0);
  });

  it("still lets an owner reach private ranges (the lab): the engine's real answer comes back as a safe category", async () => {
    // the lab engines speak plain HTTP: the TLS handshake is really attempted and fails
    const r = await A.users.owner.api.post(`/api/v1/environments/${envId}/hosts`, { name: "lab-tls", endpoint: LAB_HOSTS[0].endpoint, tls });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.details).toEqual([expect.objectContaining({ path: "endpoint", message: "TLS failed", rule: "tls_failed", key: expect.any(String) })]);
    expect(JSON.stringify(r.body)).not.toMatch(/SSL routines|wrong version|EPROTO|10\.77/);
    const closed = await A.users.owner.api.post(`/api/v1/environments/${envId}/hosts`, { name: "lab-closed", endpoint: `tcp://${LAB_HOSTS[0].ip}:1`, tls });
    expect(closed.status, JSON.stringify(closed.body)).toBe(400);
    expect(closed.body.error.details[0].rule).toBe("unreachable");
    expect(JSON.stringify(closed.body)).not.toMatch(/ECONNREFUSED|10\.77/);
  });

  it("refuses an ssh:// host without its own key (the portal's SSH agent is never used)", async () => {
    const r = await A.users.owner.api.post(`/api/v1/environments/${envId}/hosts`, { name: "ssh-nokey", endpoint: `ssh://deploy@${LAB_HOSTS[0].ip}` });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("ssh.privateKey");
  });

  it("keeps admins' plain tcp:// hosts: the lab host is added as before; an admin's closed port is a safe 'unreachable'", async () => {
    const closed = await admin.post(`/api/v1/environments/${envId}/hosts`, {
      name: "local-closed",
      endpoint: `tcp://127.0.0.1:${closedPort}`,
      advertiseAddr: "10.77.0.99",
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(400);
    expect(closed.body.error.details[0].rule).toBe("unreachable");
    const r = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: LAB_HOSTS[0].name, endpoint: LAB_HOSTS[0].endpoint });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    hostIds.push(r.body.id);
    expect(r.body).toMatchObject({ status: "ready", endpoint: LAB_HOSTS[0].endpoint, sshHostKey: null });
    expect(JSON.stringify(r.body)).not.toMatch(/PRIVATE KEY|tlsKeyEnc|sshKeyEnc/);
  });
});

describe("hole 7: port pools stay clear of control and reserved ports", () => {
  it("refuses an owner's pool that includes a swarm control port, on create and on update", async () => {
    const create = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "ctl", portRange: { from: 2000, to: 2999 } });
    expect(create.status, JSON.stringify(create.body)).toBe(400);
    expect(create.body.error.message).toContain("2375");
    expect(create.body.error.details.map((d: { path: string }) => d.path)).toEqual(["portRange.from", "portRange.to"]);
    const update = await A.users.owner.api.patch(`/api/v1/environments/${envId}`, { portRange: { from: 2377, to: 2400 } });
    expect(update.status, JSON.stringify(update.body)).toBe(400);
    expect(update.body.error.message).toMatch(/Port 2377 .*for example 2378–2400/);
    expect(update.body.error.details.map((d: { path: string }) => d.path)).toEqual(["portRange.from", "portRange.to"]);
    const wide = await A.users.owner.api.patch(`/api/v1/environments/${envId}`, { portRange: { from: 1024, to: 65535 } });
    expect(wide.status).toBe(400);
    expect((await A.users.owner.api.get(`/api/v1/environments/${envId}`)).body.portRange).toEqual({ from: 30300, to: 30399 });
  });

  it("refuses ports an admin reserved in the settings, for owners and admins alike", async () => {
    expect((await admin.put("/api/v1/settings", { reservedPorts: [45123] })).status).toBe(200);
    const owner = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "rsv", portRange: { from: 45000, to: 45199 } });
    expect(owner.status).toBe(400);
    expect(owner.body.error.message).toContain("45123");
    const byAdmin = await admin.patch(`/api/v1/environments/${envId}`, { portRange: { from: 45100, to: 45200 } });
    expect(byAdmin.status).toBe(400);
    expect(byAdmin.body.error.message).toContain("45123");
    const vxlan = await admin.post("/api/v1/environments", { tenantId: A.id, name: "vx", portRange: { from: 4789, to: 4789 } });
    expect(vxlan.status).toBe(400);
    // a pool beside the reserved port is fine
    const fine = await A.users.owner.api.patch(`/api/v1/environments/${envId}`, { portRange: { from: 45124, to: 45199 } });
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);
  });
});
