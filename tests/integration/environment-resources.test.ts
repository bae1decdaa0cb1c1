// Issue 11 day-2 on the lab (one host): an environment's volumes and networks with what uses them,
// removal of unused ones (one and all) and the refusal of those in use; pulling an image of the
// portal's real registry on the hosts (a job with each host's state) and pruning unused images
// (bytes reclaimed, the lab's own image left alone); objects the portal did not create never
// listed or removed; another tenant's environment answers 404; viewers (and members, for images)
// cannot remove or prune.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, tokenClient, unique, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { rawEntry, tarOf } from "../support/crafted-tar";
import { LAB_HOSTS, eventually, labEngine, releaseLab, requireCleanLab } from "../support/lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
let envId: string;
let hostId: string;
let reg: string;
let dataApp: { id: string; name: string };
let goneApp: { id: string; name: string };
const stamp = unique("res")
  .toLowerCase()
  .replace(/[^a-z0-9]/g, "");
const leftoverNet = `caas-leftover-${stamp}`;
const foreignNet = `foreign-${stamp}`;
let image: string;

type Volume = {
  name: string;
  hostId: string;
  hostName: string;
  app: { id: string; name: string } | null;
  usedBy: { app: { name: string } | null; service: string | null }[];
  inUse: boolean;
};
type Network = { name: string; app: { id: string } | null; usedBy: { app: { name: string } | null; service: string | null }[]; inUse: boolean };

const volumes = async (api = A.users.viewer.api) => {
  const r = await api.get<{ items: Volume[]; unreachableHosts: unknown[] }>(`/api/v1/environments/${envId}/volumes`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const networks = async (api = A.users.viewer.api) => {
  const r = await api.get<{ items: Network[] }>(`/api/v1/environments/${envId}/networks`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items;
};

async function deploy(name: string, compose: string): Promise<{ id: string; name: string }> {
  const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name, compose });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const job = await waitForJob(A.users.member.api, r.body.jobId, 120_000);
  expect(job.status, job.error).toBe("succeeded");
  return { id: r.body.app.id, name };
}

/** A small image of its own (not a tag of the lab's busybox), pushed to the portal's registry as tenant A's member, then removed from the host. */
async function pushTestImage(): Promise<string> {
  const ref = `${reg}/t/${A.slug}/resources:1`;
  const engine = labEngine(0);
  await engine.importImage(tarOf(rawEntry("data.bin", randomBytes(256 * 1024))), { repo: `${reg}/t/${A.slug}/resources`, tag: "1" });
  const auth = { username: A.users.member.email, password: A.users.member.api.auth.token, serveraddress: reg };
  const registryAuth = Buffer.from(JSON.stringify(auth)).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
  await engine.pushImage(ref, { registryAuth });
  await engine.removeImage(ref);
  return ref;
}

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "res-a");
  B = await buildTenant(baseUrl, admin, "res-b");
  const e = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "resources", portRange: { from: 30300, to: 30349 } });
  expect(e.status, JSON.stringify(e.body)).toBe(201);
  envId = e.body.id;
  const h = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: LAB_HOSTS[0].name, endpoint: LAB_HOSTS[0].endpoint });
  expect(h.status, JSON.stringify(h.body)).toBe(201);
  hostId = h.body.id;
  reg = (await A.users.member.api.get("/api/v1/registry")).body.url.replace(/^https?:\/\//, "");
  const sleeper = (vol: string) =>
    `services:\n  db:\n    image: lab/busybox:latest\n    command: sleep 1d\n    volumes: ['${vol}:/data']\nvolumes:\n  ${vol}: {}\n`;
  dataApp = await deploy("data-app", sleeper("store"));
  goneApp = await deploy("gone-app", sleeper("old"));
  const del = await A.users.member.api.delete(`/api/v1/apps/${goneApp.id}`);
  expect(del.status).toBe(202);
  expect((await waitForJob(A.users.member.api, del.body.jobId, 120_000)).status).toBe("succeeded");
  // A leftover of a failed deploy (the portal's labels, no app) and a network the portal did not make.
  const manager = labEngine(0);
  await manager.createNetwork({ Name: leftoverNet, Driver: "overlay", Labels: { "caas.tenant": A.id, "caas.environment": envId, "caas.app": "gone" } });
  await manager.createNetwork({ Name: foreignNet, Driver: "overlay", Labels: {} });
  image = await pushTestImage();
}, 300_000);

afterAll(async () => {
  await releaseLab(admin, [envId]);
  // volumes outlive their apps (that is what this suite is about): leave the engine as found
  const engine = labEngine(0);
  for (const v of await engine.listVolumes({ label: [`caas.environment=${envId}`] })) await engine.removeVolume(v.name, { force: true }).catch(() => undefined);
  if (image) await engine.removeImage(image, { force: true }).catch(() => undefined);
}, 300_000);

describe("volumes and networks", () => {
  it("lists the environment's volumes per host with what uses them, and never an object the portal did not create", async () => {
    const list = await eventually(
      "the deleted app's volume unused",
      async () => {
        const b = await volumes();
        const old = b.items.find((v) => v.name.endsWith("_old"));
        return old && !old.inUse ? b : null;
      },
      60_000,
    );
    expect(list.unreachableHosts).toEqual([]);
    const store = list.items.find((v) => v.name.endsWith("_store"))!;
    expect(store).toMatchObject({ hostId, hostName: LAB_HOSTS[0].name, app: { id: dataApp.id, name: "data-app" }, inUse: true });
    expect(store.usedBy).toEqual([expect.objectContaining({ app: expect.objectContaining({ name: "data-app" }), service: "db" })]);
    const old = list.items.find((v) => v.name.endsWith("_old"))!;
    expect(old).toMatchObject({ app: null, usedBy: [], inUse: false });

    const nets = await networks();
    const appNet = nets.find((n) => n.app?.id === dataApp.id)!;
    expect(appNet.inUse).toBe(true);
    expect(appNet.usedBy).toEqual([expect.objectContaining({ app: expect.objectContaining({ name: "data-app" }), service: "db" })]);
    expect(nets.find((n) => n.name === leftoverNet)).toMatchObject({ app: null, inUse: false, usedBy: [] });
    expect(nets.map((n) => n.name)).not.toContain(foreignNet);
    // the deleted app's network went with it
    expect(nets.filter((n) => n.app === null).map((n) => n.name)).toEqual([leftoverNet]);
  });

  it("refuses to remove what is in use, naming its users; objects it did not create are not found", async () => {
    const store = (await volumes()).items.find((v) => v.name.endsWith("_store"))!;
    const r = await A.users.member.api.delete(`/api/v1/environments/${envId}/volumes/${store.name}`);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain("data-app/db");
    const zh = await A.users.member.api.request("DELETE", `/api/v1/environments/${envId}/volumes/${store.name}`, undefined, { "accept-language": "zh-CN" });
    expect(zh.status).toBe(409);
    expect(zh.body.error.message).toContain("正在被");
    const appNet = (await networks()).find((n) => n.app?.id === dataApp.id)!;
    const n = await A.users.member.api.delete(`/api/v1/environments/${envId}/networks/${appNet.name}`);
    expect(n.status).toBe(409);
    expect(n.body.error.message).toContain("data-app/db");
    expect((await A.users.member.api.delete(`/api/v1/environments/${envId}/networks/${foreignNet}`)).status).toBe(404);
    expect((await labEngine(0).listNetworks({ name: [foreignNet] })).map((x) => x.name)).toContain(foreignNet);
    expect((await A.users.member.api.delete(`/api/v1/environments/${envId}/volumes/no-such-volume`)).status).toBe(404);
  });

  it("keeps viewers and other tenants out", async () => {
    const old = (await volumes()).items.find((v) => v.name.endsWith("_old"))!;
    const v = A.users.viewer.api;
    expect((await v.delete(`/api/v1/environments/${envId}/volumes/${old.name}`)).status).toBe(403);
    expect((await v.post(`/api/v1/environments/${envId}/volumes/prune`)).status).toBe(403);
    expect((await v.delete(`/api/v1/environments/${envId}/networks/${leftoverNet}`)).status).toBe(403);
    expect((await v.post(`/api/v1/environments/${envId}/networks/prune`)).status).toBe(403);
    for (const role of ["owner", "member", "viewer"] as const) {
      const api = B.users[role].api;
      expect((await api.get(`/api/v1/environments/${envId}/volumes`)).status).toBe(404);
      expect((await api.get(`/api/v1/environments/${envId}/networks`)).status).toBe(404);
      expect((await api.delete(`/api/v1/environments/${envId}/volumes/${old.name}`)).status).toBe(404);
      expect((await api.post(`/api/v1/environments/${envId}/networks/prune`)).status).toBe(404);
      expect((await api.post(`/api/v1/environments/${envId}/images/pull`, { image })).status).toBe(404);
      expect((await api.post(`/api/v1/environments/${envId}/images/prune`)).status).toBe(404);
    }
    expect((await new ApiClient(baseUrl).get(`/api/v1/environments/${envId}/volumes`)).status).toBe(401);
    // still there
    expect((await volumes()).items.map((x) => x.name)).toContain(old.name);
  });

  it("removes one unused volume, then every unused network at once, leaving those in use", async () => {
    const old = (await volumes()).items.find((v) => v.name.endsWith("_old"))!;
    const r = await A.users.member.api.delete(`/api/v1/environments/${envId}/volumes/${old.name}?hostId=${hostId}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.removed).toEqual([{ hostId, hostName: LAB_HOSTS[0].name, name: old.name }]);
    expect((await labEngine(0).listVolumes({ name: [old.name] })).filter((x) => x.name === old.name)).toEqual([]);

    const p = await A.users.member.api.post(`/api/v1/environments/${envId}/networks/prune`);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.removed).toEqual([{ name: leftoverNet }]);
    expect(p.body.inUse).toHaveLength(1);
    const after = await networks();
    expect(after.map((n) => n.name)).not.toContain(leftoverNet);
    expect(after.filter((n) => n.inUse)).toHaveLength(1);
    // the volume prune leaves the one in use
    const vp = await A.users.member.api.post(`/api/v1/environments/${envId}/volumes/prune`);
    expect(vp.status).toBe(200);
    expect(vp.body.removed).toEqual([]);
    expect(vp.body.inUse.map((x: { name: string }) => x.name)).toEqual([expect.stringMatching(/_store$/)]);
  });
});

describe("images on the hosts", () => {
  it("pulls an image of the portal's registry on the hosts as a job with each host's state; only owners may", async () => {
    expect((await A.users.member.api.post(`/api/v1/environments/${envId}/images/pull`, { image })).status).toBe(403);
    expect((await A.users.owner.api.post(`/api/v1/environments/${envId}/images/pull`, { image: "--bad ref" })).status).toBe(400);
    const r = await A.users.owner.api.post(`/api/v1/environments/${envId}/images/pull`, { image });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const job = await waitForJob(A.users.owner.api, r.body.jobId, 120_000);
    expect(job.status, job.error).toBe("succeeded");
    const full = await A.users.viewer.api.get(`/api/v1/jobs/${r.body.jobId}`);
    expect(full.body.result).toEqual({
      image,
      hosts: [expect.objectContaining({ hostId, hostName: LAB_HOSTS[0].name, status: "done" })],
    });
    expect((await labEngine(0).inspectImage(image)).repoTags).toContain(image);

    const missing = await A.users.owner.api.post(`/api/v1/environments/${envId}/images/pull`, { image: `${reg}/t/${A.slug}/nothing-here:1` });
    const failed = await waitForJob(A.users.owner.api, missing.body.jobId, 120_000);
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain(LAB_HOSTS[0].name);
    expect(failed.error).not.toContain("10.77.0");
  });

  it("prunes unused images and reports the bytes reclaimed per host, leaving images the portal did not bring", async () => {
    expect((await A.users.member.api.post(`/api/v1/environments/${envId}/images/prune`)).status).toBe(403);
    expect((await A.users.viewer.api.post(`/api/v1/environments/${envId}/images/prune`)).status).toBe(403);
    const r = await A.users.owner.api.post(`/api/v1/environments/${envId}/images/prune`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items).toEqual([expect.objectContaining({ hostId, hostName: LAB_HOSTS[0].name })]);
    expect(r.body.items[0].error).toBeUndefined();
    expect(r.body.items[0].deleted).toBeGreaterThanOrEqual(1);
    expect(r.body.items[0].reclaimedBytes).toBeGreaterThan(200 * 1024);
    expect(r.body.reclaimedBytes).toBe(r.body.items[0].reclaimedBytes);
    await expect(labEngine(0).inspectImage(image)).rejects.toThrow();
    // the lab's own image (used by the running app, and not the portal's) stays
    expect((await labEngine(0).inspectImage("lab/busybox:latest")).repoTags).toContain("lab/busybox:latest");
    const audit = await A.users.owner.api.get(`/api/v1/audit?tenantId=${A.id}`);
    expect(JSON.stringify(audit.body)).toContain("image.prune");
  });
});
