// Issue 17 items 2 and 3 through the real server, database and registries: the portal's embedded
// registry is region "default", a second Distribution registry (Debian docker-registry with its own
// htpasswd auth, started here on a free loopback port) is region B. A tenant with an environment in B
// pushes to the embedded registry as a member (the portal's token realm); the registry's notification
// queues a copy, the elected replication loop copies by digest into B (the test reads B with its own
// client). Region B stopped during a push: the copy fails with the reason, is retried with backoff and
// completes once B is back, one row, one copy. Deletes replicate; the comparison repairs what events
// missed; official and market images go to every region, personal ones nowhere; an approval's market
// copy reaches B. Only admins see the queue; another tenant cannot read the image's regions.
// The upstream hub (Pub Hub): an htpasswd registry with tags and a multi-arch index, synced into
// official by digest as a job, again (only what changed), with a wrong password (the copies stay), on
// its schedule. Region C's registry trusts the portal's tokens (its certificate and realm) and listens on the lab
// bridge: a deploy in an environment of C waits for the image's copy, then its lab host pulls it from C
// with the tenant's deploy credential.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { ApiClient, tokenClient, unique, waitForJob } from "../support/api-client";
import { dockerCli, dockerLogin } from "../support/docker-cli";
import { ensureRegistryBinary, head, pushImage, pushManifest, startRegistry, tempDir, type PushTarget, type TestRegistry } from "../support/distribution";
import { LAB_HOSTS, eventually, labEngine, releaseLab } from "../support/lab";
import { buildTenant, type TenantWorld } from "../support/world";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
const B_USER = { user: "replicator", password: `b-${unique("pw")}` };
let admin: ApiClient;
let T: TenantWorld;
let other: TenantWorld;
let regB: TestRegistry;
let regionB: string;
let envB: string;
let portalRegistry: string;
// market/<last component> is what an approval makes: names no other suite publishes
const repo = () => `t/${T.slug}/replweb`;
const regionSlug = (label: string) =>
  unique(label)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")
    .slice(0, 38);
let dir: string;

/** The portal's registry as `email` sees it: a token from the portal's realm per repository. */
function portalTarget(email: string, password: string): PushTarget {
  return {
    url: `http://${portalRegistry}`,
    async authHeaders(repository) {
      const u = new URL(`${baseUrl}/api/registry/token`);
      u.searchParams.set("service", "caas-registry");
      u.searchParams.append("scope", `repository:${repository}:pull,push`);
      const r = await fetch(u, { headers: { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}` } });
      const body = (await r.json()) as { token?: string };
      if (!body.token) throw new Error(`no registry token for ${email} on ${repository}: ${JSON.stringify(body)}`);
      return { authorization: `Bearer ${body.token}` };
    },
  };
}

async function tasksOf(repository: string) {
  const r = await admin.get(`/api/v1/replication/tasks?repository=${encodeURIComponent(repository)}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as Array<Record<string, any>>).filter((t) => t.target.id === regionB);
}

async function imageId(api: ApiClient, repository: string, tag: string): Promise<string> {
  return eventually(`${repository}:${tag} in the image index`, async () => {
    const r = await api.get("/api/v1/images");
    const list = (Array.isArray(r.body) ? r.body : r.body.items) as Array<{ id: string; repository: string; tag: string }>;
    return list.find((i) => i.repository === repository && i.tag === tag)?.id;
  });
}

beforeAll(async () => {
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  await ensureRegistryBinary();
  dir = tempDir("caas-replication-");
  regB = await startRegistry(dir, "region-b", { kind: "htpasswd", ...B_USER });
  const r = await admin.post("/api/v1/regions", {
    name: regionSlug("region-b"),
    displayName: "Region B",
    registry: { url: regB.url, username: B_USER.user, password: B_USER.password },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  regionB = r.body.id;
  T = await buildTenant(baseUrl, admin, "repl");
  other = await buildTenant(baseUrl, admin, "repl-other");
  const e = await T.users.owner.api.post("/api/v1/environments", { tenantId: T.id, name: "in-b", regionId: regionB });
  expect(e.status, JSON.stringify(e.body)).toBe(201);
  envB = e.body.id;
  const info = await T.users.member.api.get("/api/v1/registry");
  expect(info.status).toBe(200);
  portalRegistry = info.body.url;
}, 120_000);

afterAll(async () => {
  if (envB) await T.users.owner.api.delete(`/api/v1/environments/${envB}`).catch(() => null);
  if (regionB) await admin.delete(`/api/v1/regions/${regionB}`).catch(() => null);
  await regB?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("replication between regions (embedded registry → region B)", () => {
  let v1: { digest: string; blobs: string[] };

  it("a member's push reaches region B by digest within seconds (lag in the log), shown per region on the image", async () => {
    const member = T.users.member;
    const started = Date.now();
    v1 = await pushImage(portalTarget(member.email, member.password), repo(), "v1", { arch: "amd64", layers: [300_000, 40_000] });
    const pushed = Date.now();
    await eventually("v1 in region B", async () => (await head(regB, repo(), "v1")).digest === v1.digest, 60_000, 200);
    const seen = Date.now();
    console.log(`[replication] push ${pushed - started} ms; in region B ${seen - pushed} ms after the push ended`);
    expect(regB.blobCount()).toBeGreaterThanOrEqual(v1.blobs.length);
    const [task] = await eventually("v1's task done", async () => {
      const ts = (await tasksOf(repo())).filter((t) => t.reference === "v1");
      return ts.length === 1 && ts[0].status === "done" ? ts : undefined;
    });
    expect(task).toMatchObject({ action: "copy", digest: v1.digest, cause: "push", attempts: 0, error: null, source: { id: "default" } });
    expect(task.lagMs).toBeGreaterThanOrEqual(0);
    expect(task.lagMs).toBeLessThan(60_000);
    const id = await imageId(member.api, repo(), "v1");
    const regions = await member.api.get(`/api/v1/images/${id}/regions`);
    expect(regions.status).toBe(200);
    const byRegion = new Map((regions.body.items as Array<{ region: { id: string }; status: string }>).map((i) => [i.region.id, i.status]));
    expect(byRegion.get("default")).toBe("present");
    expect(byRegion.get(regionB)).toBe("present");
  });

  it("region B's registry down during a push: the copy fails with the reason, retries with backoff, completes once B is back (one row, one copy)", async () => {
    const member = T.users.member;
    await regB.stop();
    const v2 = await pushImage(portalTarget(member.email, member.password), repo(), "v2", { arch: "amd64", layers: [120_000] });
    const failed = await eventually(
      "v2's copy failed",
      async () => (await tasksOf(repo())).find((t) => t.reference === "v2" && t.status === "failed" && t.attempts >= 1),
      60_000,
      300,
    );
    expect(failed.error.message).toMatch(/does not answer|refused|failed/);
    expect(failed.error.messageKey).toMatch(/^replication\./);
    expect(failed.nextAttemptAt).not.toBeNull();
    // the image says so too, in the reader's language
    const id = await imageId(member.api, repo(), "v2");
    const regions = await member.api.request("GET", `/api/v1/images/${id}/regions`, undefined, { "accept-language": "zh-CN" });
    const rowB = (regions.body.items as Array<Record<string, any>>).find((i) => i.region.id === regionB)!;
    expect(rowB.status).toBe("failed");
    expect(rowB.error.localizedMessage).toMatch(/[\u4e00-\u9fff]/);
    await regB.start();
    await eventually("v2 in region B after its restart", async () => (await head(regB, repo(), "v2")).digest === v2.digest, 90_000, 300);
    const done = await eventually("v2's task done", async () => (await tasksOf(repo())).find((t) => t.reference === "v2" && t.status === "done"), 30_000);
    expect(done.attempts).toBeGreaterThanOrEqual(1);
    const rows = await db.replicationTask.findMany({ where: { repository: repo(), reference: "v2", targetRegionId: regionB } });
    expect(rows).toHaveLength(1);
    console.log(`[replication] v2 copied after ${done.attempts} failed attempt(s)`);
  });

  it("the comparison repairs what events missed: a tag deleted behind the portal's back in B is copied again", async () => {
    const auth = await regB.authHeaders(repo());
    const del = await fetch(`${regB.url}/v2/${repo()}/manifests/${v1.digest}`, { method: "DELETE", headers: auth });
    expect(del.status).toBe(202);
    expect((await head(regB, repo(), "v1")).status).toBe(404);
    expect((await T.users.owner.api.post("/api/v1/replication/compare")).status).toBe(403);
    const r = await admin.post("/api/v1/replication/compare");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.queued).toBeGreaterThanOrEqual(1);
    await eventually("v1 back in region B", async () => (await head(regB, repo(), "v1")).digest === v1.digest, 60_000, 300);
    const audit = await db.auditEvent.findFirst({ where: { action: "replication.compare" }, orderBy: { createdAt: "desc" } });
    expect(audit?.actorEmail).toBe(adminCreds.email);
  });

  it("deletes replicate: the image deleted in the portal is deleted in region B by digest", async () => {
    const id = await imageId(T.users.owner.api, repo(), "v1");
    const d = await T.users.owner.api.delete(`/api/v1/images/${id}`);
    expect(d.status, JSON.stringify(d.body)).toBe(204);
    await eventually("v1 gone from region B", async () => (await head(regB, repo(), "v1")).status === 404, 60_000, 300);
    // The task row is written after the registry answered the delete: wait until it left the queue.
    const del = await eventually(
      "the delete task settled",
      async () => (await tasksOf(repo())).find((t) => t.action === "delete" && t.reference === v1.digest && !["queued", "copying"].includes(t.status)),
      10_000,
      200,
    );
    expect(del.status).toBe("done");
  });

  it("official images go to every region, personal ones nowhere", async () => {
    const member = T.users.member;
    const personal = `u/${member.id}/tool`;
    const p = await pushImage(portalTarget(member.email, member.password), personal, "1", { arch: "amd64", layers: [10_000] });
    const official = `official/${unique("repl")
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "")}`;
    const o = await pushImage(portalTarget(adminCreds.email, adminCreds.password), official, "1.0", { arch: "amd64", layers: [20_000] });
    await eventually("the official image in region B", async () => (await head(regB, official, "1.0")).digest === o.digest, 60_000, 300);
    expect(await tasksOf(personal)).toEqual([]);
    expect((await head(regB, personal, "1")).status).toBe(404);
    expect(p.digest).toMatch(/^sha256:/);
  });

  it("an approved publication's market image is copied to region B", async () => {
    const member = T.users.member;
    const r = await pushImage(portalTarget(member.email, member.password), repo(), "pub", { arch: "amd64", layers: [15_000] });
    const id = await imageId(member.api, repo(), "pub");
    const pr = await member.api.post(`/api/v1/images/${id}/publish`, { description: "for every region" });
    expect(pr.status, JSON.stringify(pr.body)).toBe(201);
    const ok = await admin.post(`/api/v1/publish-requests/${pr.body.id}/approve`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const market = ok.body.repository as string;
    expect(market).toMatch(/^market\//);
    await eventually("the market image in region B", async () => (await head(regB, market, "pub")).digest === r.digest, 60_000, 300);
    const task = (await tasksOf(market)).find((t) => t.reference === "pub");
    expect(task).toMatchObject({ status: "done", cause: "approval" });
  });

  it("only admins read the queue and retry; another tenant cannot read the image's regions", async () => {
    for (const api of [T.users.owner.api, T.users.member.api, other.users.owner.api]) {
      expect((await api.get("/api/v1/replication/tasks")).status).toBe(403);
    }
    const id = await imageId(T.users.member.api, repo(), "v2");
    expect((await other.users.owner.api.get(`/api/v1/images/${id}/regions`)).status).toBe(404);
    const v2 = (await tasksOf(repo())).find((t) => t.reference === "v2")!;
    expect((await T.users.owner.api.post(`/api/v1/replication/tasks/${v2.id}/retry`)).status).toBe(403);
    expect((await admin.post(`/api/v1/replication/tasks/no-such-task/retry`)).status).toBe(404);
    const again = await admin.post(`/api/v1/replication/tasks/${v2.id}/retry`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ status: "queued", attempts: 0, cause: "retry" });
    await eventually("the retried copy done", async () => (await tasksOf(repo())).find((t) => t.id === v2.id && t.status === "done"), 60_000, 300);
    const audit = await db.auditEvent.findFirst({ where: { action: "replication.retry", targetId: v2.id } });
    expect(audit?.actorEmail).toBe(adminCreds.email);
    // the password of region B's registry is in no answer
    const answers = JSON.stringify([(await admin.get("/api/v1/replication/tasks")).body, (await admin.get(`/api/v1/regions/${regionB}`)).body]);
    expect(answers).not.toContain(B_USER.password);
  });
});

describe("a deploy in a region whose registry trusts the portal's tokens", () => {
  let regC: TestRegistry;
  let regionC: string;
  let envC: string;
  let pushed: string;
  const image = () => `${portalRegistry}/t/${T.slug}/replbb:region`;

  beforeAll(async () => {
    const member = T.users.member;
    // the busybox image of the lab, pushed as a member while T has no environment in C yet (not copied there)
    const cfg = await dockerLogin(portalRegistry, member.email, member.password, LAB_HOSTS[0].endpoint);
    expect((await dockerCli(cfg, ["tag", "lab/busybox:latest", image()], LAB_HOSTS[0].endpoint)).code).toBe(0);
    const push = await dockerCli(cfg, ["push", image()], LAB_HOSTS[0].endpoint);
    expect(push.code, push.out).toBe(0);
    pushed = /digest: (sha256:[a-f0-9]{64})/.exec(push.out)![1];
    fs.rmSync(cfg, { recursive: true, force: true });
    // region C: token auth with the portal's certificate and realm, on the lab bridge the hosts reach
    const challenge = (await fetch(`http://${portalRegistry}/v2/`)).headers.get("www-authenticate") ?? "";
    const realm = /realm="([^"]+)"/.exec(challenge)![1];
    const service = /service="([^"]+)"/.exec(challenge)![1];
    const memberTarget = portalTarget(member.email, member.password);
    regC = await startRegistry(
      dir,
      "region-c",
      {
        kind: "trust",
        realm,
        service,
        issuer: "caas-portal",
        certFile: path.join(inject("dataDir"), "registry", "token.crt"),
        token: async (repository) => (await memberTarget.authHeaders(repository)).authorization.replace(/^Bearer /, ""),
      },
      { host: portalRegistry.split(":")[0], accessLog: true },
    );
    const c = await admin.post("/api/v1/regions", { name: regionSlug("region-c"), displayName: "Region C", registry: { url: regC.url } });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    regionC = c.body.id;
    const e = await T.users.owner.api.post("/api/v1/environments", { tenantId: T.id, name: "in-c", regionId: regionC });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    envC = e.body.id;
    const h = await admin.post(`/api/v1/environments/${envC}/hosts`, { name: LAB_HOSTS[0].name, endpoint: LAB_HOSTS[0].endpoint });
    expect(h.status, JSON.stringify(h.body)).toBe(201);
  }, 180_000);

  let envOther: string | undefined;

  afterAll(async () => {
    if (envC) {
      await releaseLab(admin, [envC, envOther]).catch((e) => console.error("[replication] releasing the lab:", e));
      await T.users.owner.api.delete(`/api/v1/environments/${envC}`).catch(() => null);
      if (envOther) await other.users.owner.api.delete(`/api/v1/environments/${envOther}`).catch(() => null);
    }
    if (regionC) await admin.delete(`/api/v1/regions/${regionC}`).catch(() => null);
    await regC?.stop();
  }, 240_000);

  it("waits for the image's copy into C, then the host pulls it from C with the deploy credential", async () => {
    const repository = `t/${T.slug}/replbb`;
    expect((await head(regC, repository, "region")).status).toBe(404);
    const r = await T.users.member.api.post(`/api/v1/environments/${envC}/apps`, {
      name: "regional",
      compose: `services:\n  web:\n    image: ${image()}\n    command: ["sleep", "3600"]\n`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const job = await waitForJob(T.users.member.api, r.body.jobId, 240_000);
    expect(job.status, JSON.stringify(job)).toBe("succeeded");
    expect((await head(regC, repository, "region")).digest).toBe(pushed);
    const task = await db.replicationTask.findFirstOrThrow({ where: { repository, reference: "region", targetRegionId: regionC } });
    expect(["deploy", "compare"]).toContain(task.cause);
    expect(task.status).toBe("done");
    // the swarm service names region C's registry: the host pulled it from there
    const [svc] = await labEngine(0).listServices({ label: [`caas.app=${r.body.app.id}`] });
    const regionHost = regC.url.replace(/^http:\/\//, "");
    expect(svc.spec.TaskTemplate.ContainerSpec?.Image).toBe(`${regionHost}/${repository}:region`);
    await eventually(
      "a running task",
      async () => (await T.users.member.api.get(`/api/v1/apps/${r.body.app.id}`)).body.services?.[0]?.replicas?.running >= 1,
      60_000,
    );
    // C's registry log shows the host's pull of the manifest (the engine pulls only what its spec names)
    const lines = fs.readFileSync(regC.logFile, "utf8").split("\n");
    const pulls = lines.filter((l) => l.startsWith(`${LAB_HOSTS[0].ip} `) && l.includes(`/v2/${repository}/manifests/region `));
    console.log(`[replication] region C's log: ${pulls.length} manifest request(s) of ${LAB_HOSTS[0].name}`);
    expect(pulls.length).toBeGreaterThanOrEqual(1);
    // the app's own records keep the image as written
    const row = await db.service.findFirstOrThrow({ where: { appId: r.body.app.id } });
    expect(row.image).toBe(image());
  });

  it("another tenant deploys the approved market image in C; a token of the portal's realm grants nothing on T's repository there", async () => {
    const member = T.users.member;
    const id = await imageId(member.api, `t/${T.slug}/replbb`, "region");
    const pr = await member.api.post(`/api/v1/images/${id}/publish`, { description: "busybox for every region" });
    expect(pr.status, JSON.stringify(pr.body)).toBe(201);
    const ok = await admin.post(`/api/v1/publish-requests/${pr.body.id}/approve`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const market = ok.body.repository as string;
    await eventually("the market image in region C", async () => (await head(regC, market, "region")).digest === pushed, 60_000, 300);
    // T20/T21 across regions: the other tenant's token from the portal's realm has no access to T's repository, in C either
    const u = new URL(`${baseUrl}/api/registry/token`);
    u.searchParams.set("service", "caas-registry");
    u.searchParams.append("scope", `repository:t/${T.slug}/replbb:pull`);
    const creds = Buffer.from(`${other.users.member.email}:${other.users.member.password}`).toString("base64");
    const tok = (await (await fetch(u, { headers: { authorization: `Basic ${creds}` } })).json()) as { token: string };
    const denied = await fetch(`${regC.url}/v2/t/${T.slug}/replbb/manifests/region`, {
      method: "HEAD",
      headers: { authorization: `Bearer ${tok.token}`, accept: "application/vnd.docker.distribution.manifest.v2+json" },
    });
    expect([401, 403]).toContain(denied.status);
    // the other tenant deploys the market image in its own environment of C, on another lab host
    const e = await other.users.owner.api.post("/api/v1/environments", { tenantId: other.id, name: "other-in-c", regionId: regionC });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    envOther = e.body.id as string;
    const h = await admin.post(`/api/v1/environments/${envOther}/hosts`, { name: LAB_HOSTS[1].name, endpoint: LAB_HOSTS[1].endpoint });
    expect(h.status, JSON.stringify(h.body)).toBe(201);
    // the market image as the marketplace lists it (by digest), with a command: the lab's busybox has none
    await eventually("the market image listed", async () => {
      const list = (await other.users.member.api.get("/api/v1/images?scope=market")).body.items as { repository: string; digest: string }[];
      return list.some((i) => i.repository === market && i.digest === pushed);
    });
    const dep = await other.users.member.api.post(`/api/v1/environments/${envOther}/apps`, {
      name: "market-in-c",
      compose: `services:\n  app:\n    image: ${portalRegistry}/${market}@${pushed}\n    command: ["sleep", "3600"]\n`,
    });
    expect(dep.status, JSON.stringify(dep.body)).toBe(202);
    const job = await waitForJob(other.users.member.api, dep.body.jobId, 240_000);
    expect(job.status, JSON.stringify(job)).toBe("succeeded");
    const [svc] = await labEngine(1).listServices({ label: [`caas.app=${dep.body.app.id}`] });
    expect(svc.spec.TaskTemplate.ContainerSpec?.Image).toBe(`${regC.url.replace(/^http:\/\//, "")}/${market}@${pushed}`);
  });
});

describe("the upstream hub (Pub Hub) into the official scope", () => {
  const HUB = { user: "hubuser", password: `hub-${unique("pw")}` };
  let hub: TestRegistry;
  let upstreamId: string;
  const target = unique("hubapp")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "");
  const official = () => `official/${target}`;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startRegistry(dir, "hub", { kind: "htpasswd", ...HUB });
    for (const tag of ["1.0", "1.2", "1.3-rc", "2.0"]) digests[tag] = (await pushImage(hub, "library/app", tag, { arch: "amd64", layers: [20_000] })).digest;
    // 1.1: a multi-arch OCI index of two images, pushed by digest
    const amd = await pushImage(hub, "library/app", "tmp-amd64", { arch: "amd64", layers: [15_000] });
    const arm = await pushImage(hub, "library/app", "tmp-arm64", { arch: "arm64", layers: [15_000] });
    digests["1.1"] = await pushManifest(hub, "library/app", "1.1", "application/vnd.oci.image.index.v1+json", {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [
        { mediaType: amd.mediaType, digest: amd.digest, size: amd.size, platform: { architecture: "amd64", os: "linux" } },
        { mediaType: arm.mediaType, digest: arm.digest, size: arm.size, platform: { architecture: "arm64", os: "linux" } },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    if (upstreamId) await admin.delete(`/api/v1/upstreams/${upstreamId}`).catch(() => null);
    await hub?.stop();
  });

  const adminTarget = () => portalTarget(adminCreds.email, adminCreds.password);
  const sync = async () => {
    const r = await admin.post(`/api/v1/upstreams/${upstreamId}/sync`);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return waitForJob(admin, r.body.jobId, 120_000);
  };

  it("only admins manage it; bad input names the field", async () => {
    expect((await T.users.owner.api.get("/api/v1/upstreams")).status).toBe(403);
    const body = {
      name: unique("hub")
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "")
        .slice(0, 38),
      registry: { url: hub.url, username: HUB.user, password: HUB.password },
    };
    expect((await T.users.owner.api.post("/api/v1/upstreams", { ...body, repositories: [{ repository: "library/app", target }] })).status).toBe(403);
    const bad = await admin.post("/api/v1/upstreams", { ...body, repositories: [{ repository: "library/app", target: "Bad Name", tagPatterns: ["1.{"] }] });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(["repositories.0.tagPatterns", "repositories.0.target"]);
    const r = await admin.post("/api/v1/upstreams", { ...body, repositories: [{ repository: "library/app", target, tagPatterns: ["1.*", "!*-rc"] }] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.registry).toEqual({ url: hub.url, username: HUB.user, hasPassword: true });
    expect(JSON.stringify(r.body)).not.toContain(HUB.password);
    upstreamId = r.body.id;
  });

  it("copies the matching tags by digest, the multi-arch index included; a second sync copies only what changed", async () => {
    const job = await sync();
    expect(job.status, JSON.stringify(job)).toBe("succeeded");
    const u = (await admin.get(`/api/v1/upstreams/${upstreamId}`)).body;
    expect(u.lastStatus).toBe("ok");
    expect(u.lastReport[0]).toMatchObject({ repository: "library/app", target, copied: 3, unchanged: 0, failed: 0 });
    for (const tag of ["1.0", "1.1", "1.2"]) expect((await head(adminTarget(), official(), tag)).digest, tag).toBe(digests[tag]);
    for (const tag of ["1.3-rc", "2.0"]) expect((await head(adminTarget(), official(), tag)).status, tag).toBe(404);
    // the registry's notifications put them in the index, official scope
    await eventually(
      "the synced tags in the image index",
      async () => {
        const list = (await T.users.member.api.get("/api/v1/images?scope=official")).body.items as { repository: string; tag: string }[];
        return list.filter((i) => i.repository === official()).length === 3;
      },
      30_000,
    );
    expect((await sync()).status).toBe("succeeded");
    const again = (await admin.get(`/api/v1/upstreams/${upstreamId}`)).body;
    expect(again.lastReport[0]).toMatchObject({ copied: 0, unchanged: 3, failed: 0 });
    digests["1.4"] = (await pushImage(hub, "library/app", "1.4", { arch: "amd64", layers: [10_000] })).digest;
    expect((await sync()).status).toBe("succeeded");
    const third = (await admin.get(`/api/v1/upstreams/${upstreamId}`)).body;
    expect(third.lastReport[0]).toMatchObject({ copied: 1, unchanged: 3, failed: 0 });
    expect((await head(adminTarget(), official(), "1.4")).digest).toBe(digests["1.4"]);
  });

  it("a wrong upstream password fails the sync with a clear reason and keeps the copies", async () => {
    const p = await admin.patch(`/api/v1/upstreams/${upstreamId}`, { registry: { password: "wrong-password" } });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const job = await sync();
    expect(job.status).toBe("failed");
    expect(JSON.stringify(job.error)).toMatch(/refused the credentials/);
    const u = (await admin.request("GET", `/api/v1/upstreams/${upstreamId}`, undefined, { "accept-language": "zh-CN" })).body;
    expect(u.lastStatus).toBe("failed");
    expect(u.lastError.messageKey).toBe("replication.upstreamUnauthorized");
    expect(u.lastError.localizedMessage).toMatch(/[\u4e00-\u9fff]/);
    for (const tag of ["1.0", "1.1", "1.2", "1.4"]) expect((await head(adminTarget(), official(), tag)).digest, tag).toBe(digests[tag]);
    expect((await admin.patch(`/api/v1/upstreams/${upstreamId}`, { registry: { password: HUB.password } })).status).toBe(200);
  });

  it("runs on its schedule: a due upstream gets a sync job from the replication loop", async () => {
    const p = await admin.patch(`/api/v1/upstreams/${upstreamId}`, { scheduleMinutes: 60 });
    expect(p.status).toBe(200);
    expect(new Date(p.body.nextSyncAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const before = p.body.lastJobId;
    await db.upstream.update({ where: { id: upstreamId }, data: { nextSyncAt: new Date(Date.now() - 1000) } });
    const jobId = await eventually(
      "a scheduled sync job",
      async () => {
        const u = (await admin.get(`/api/v1/upstreams/${upstreamId}`)).body;
        return u.lastJobId && u.lastJobId !== before ? (u.lastJobId as string) : undefined;
      },
      30_000,
    );
    const job = await waitForJob(admin, jobId, 120_000);
    expect(job.status).toBe("succeeded");
    const u = (await admin.get(`/api/v1/upstreams/${upstreamId}`)).body;
    expect(new Date(u.nextSyncAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(JSON.stringify(u)).not.toContain(HUB.password);
    const audit = await db.auditEvent.findMany({ where: { targetId: upstreamId } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["upstream.create", "upstream.update", "upstream.sync"]));
    expect(JSON.stringify(audit)).not.toContain(HUB.password);
  });
});
