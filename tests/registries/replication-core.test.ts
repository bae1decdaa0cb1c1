// Issue 17 foundation (tier "registries"): the replication core (lib/replication) on real Distribution registries —
// region A (token auth, like the portal's embedded registry), region B (no auth) and an upstream
// hub (htpasswd). Content is pushed into the hub over the HTTP API by the test itself (small
// images: config + layers + manifest; a multi-arch OCI index with two platform manifests; a Docker
// manifest list), then copied by digest. Uses no portal, no lab, no shared port: each registry has
// a free loopback port and its own temporary storage, and is stopped in afterAll (and with the
// test process, by setpriv) on every exit.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import {
  DOCKER_MANIFEST_LIST,
  OCI_INDEX,
  RegistryApi,
  copyImage,
  deleteManifest,
  listTags,
  syncUpstream,
  systemClock,
  type Clock,
  type CopyDeps,
  type RegistryEndpoint,
} from "@/lib/replication";
import {
  ensureRegistryBinary,
  head,
  pushImage,
  pushManifest,
  startRegistry,
  startTokenServer,
  tempDir,
  type TestRegistry,
  type TokenServer,
} from "../support/distribution";

const digestOf = (b: Uint8Array) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const FAST_RETRY = { attempts: 3, baseMs: 20, capMs: 100, factor: 2 };

let dir: string;
let tokens: TokenServer;
let regionA: TestRegistry;
let regionB: TestRegistry;
let hub: TestRegistry;
const REGION_USER = { username: "replicator", password: "region-secret-1" };
const HUB_USER = { username: "hubuser", password: "hub-secret-1" };

const endpointA = (): RegistryEndpoint => ({ url: regionA.url, name: "region-a", credentials: REGION_USER });
const endpointB = (): RegistryEndpoint => ({ url: regionB.url, name: "region-b" });
const endpointHub = (password = HUB_USER.password): RegistryEndpoint => ({
  url: hub.url,
  name: "pub-hub",
  credentials: { username: HUB_USER.username, password },
});
const api = (e: RegistryEndpoint, f: typeof fetch = fetch) => new RegistryApi(e, { fetch: f, clock: systemClock });
const deps = (extra: Partial<CopyDeps> = {}): CopyDeps => ({ clock: systemClock, retry: FAST_RETRY, chunkBytes: 64 * 1024, ...extra });

/** A multi-arch index (OCI, or a Docker manifest list) of an amd64 and an arm64 image. */
async function pushMultiArch(reg: TestRegistry, repo: string, tag: string, docker: boolean, layers: number[]) {
  const amd = await pushImage(reg, repo, `${tag}-amd64`, { arch: "amd64", layers, docker });
  const arm = await pushImage(reg, repo, `${tag}-arm64`, { arch: "arm64", layers, docker });
  const mediaType = docker ? DOCKER_MANIFEST_LIST : OCI_INDEX;
  const doc = {
    schemaVersion: 2,
    mediaType,
    manifests: [
      { mediaType: amd.mediaType, digest: amd.digest, size: amd.size, platform: { architecture: "amd64", os: "linux" } },
      { mediaType: arm.mediaType, digest: arm.digest, size: arm.size, platform: { architecture: "arm64", os: "linux" } },
    ],
  };
  const digest = await pushManifest(reg, repo, tag, mediaType, doc);
  // the per-arch tags were only a way to push the children; the index refers to them by digest
  return { digest, children: [amd.digest, arm.digest], blobs: new Set([...amd.blobs, ...arm.blobs]) };
}

async function blobDigest(reg: TestRegistry, repo: string, digest: string): Promise<string> {
  const r = await fetch(`${reg.url}/v2/${repo}/blobs/${digest}`, { headers: await reg.authHeaders(repo) });
  expect(r.status).toBe(200);
  return digestOf(new Uint8Array(await r.arrayBuffer()));
}

/** A fetch that records blob uploads completed on one registry and can act after each. */
function recordingFetch(reg: () => TestRegistry, after?: (n: number) => Promise<void>) {
  const completed: string[] = [];
  const methods: string[] = [];
  const f: typeof fetch = async (input, init) => {
    const r = await fetch(input, init);
    const u = new URL(input instanceof Request ? input.url : String(input));
    if (u.port === String(reg().port)) methods.push(init?.method ?? "GET");
    if (u.port === String(reg().port) && init?.method === "PUT" && u.pathname.includes("/blobs/uploads/") && r.status === 201) {
      completed.push(u.searchParams.get("digest")!);
      await after?.(completed.length);
    }
    return r;
  };
  return { fetch: f, completed, methods };
}

let hubContent: {
  v1: Awaited<ReturnType<typeof pushMultiArch>>;
  v11: Awaited<ReturnType<typeof pushMultiArch>>;
  latest: Awaited<ReturnType<typeof pushImage>>;
  nightly: Awaited<ReturnType<typeof pushImage>>;
};

beforeAll(async () => {
  await ensureRegistryBinary();
  dir = tempDir("caas-replication-");
  tokens = await startTokenServer(dir, REGION_USER.username, REGION_USER.password);
  [regionA, regionB, hub] = await Promise.all([
    startRegistry(dir, "region-a", { kind: "token", server: tokens }),
    startRegistry(dir, "region-b", { kind: "none" }),
    startRegistry(dir, "hub", { kind: "htpasswd", user: HUB_USER.username, password: HUB_USER.password }),
  ]);
  // library/tool on the hub: 1.0 (OCI index, two platforms, one layer past the chunk size so the
  // copy PATCHes it in chunks), 1.1 (Docker manifest list), latest (one OCI image), nightly (Docker image).
  hubContent = {
    v1: await pushMultiArch(hub, "library/tool", "1.0", false, [200 * 1024, 3000]),
    v11: await pushMultiArch(hub, "library/tool", "1.1", true, [5000]),
    latest: await pushImage(hub, "library/tool", "latest", { arch: "amd64", layers: [4000, 4000 + 1] }),
    nightly: await pushImage(hub, "library/tool", "nightly", { arch: "amd64", layers: [100], docker: true }),
  };
});

afterAll(async () => {
  await Promise.all([regionA, regionB, hub].filter(Boolean).map((r) => r.stop()));
  await tokens?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("replication core on real Distribution registries", () => {
  it("copies a multi-arch OCI index by digest from the htpasswd hub into the token-auth region, children and blobs included", async () => {
    const seen = recordingFetch(() => regionA);
    const r = await copyImage(
      { api: api(endpointHub()), repository: "library/tool", reference: "1.0" },
      { api: api(endpointA(), seen.fetch), repository: "official/tool", tag: "1.0" },
      deps(),
    );
    expect(r.status).toBe("copied");
    // each platform's 200 KiB layer went up in four 64 KiB PATCH chunks, the small blobs in one PUT each
    expect(seen.methods.filter((m) => m === "PATCH").length).toBe(8);
    expect(new Set(seen.completed)).toEqual(hubContent.v1.blobs);
    expect(r.digest).toBe(hubContent.v1.digest);
    expect(r.mediaType).toBe(OCI_INDEX);
    expect(r.manifestsPut).toBe(3); // two platform manifests and the index
    expect(r.blobsUploaded).toBe(hubContent.v1.blobs.size);
    expect(r.tagMoved).toBe(true);
    const a = await head(regionA, "official/tool", "1.0");
    expect(a).toEqual({ status: 200, digest: hubContent.v1.digest, type: OCI_INDEX });
    for (const child of hubContent.v1.children) expect((await head(regionA, "official/tool", child)).digest).toBe(child);
    for (const b of hubContent.v1.blobs) expect(await blobDigest(regionA, "official/tool", b)).toBe(b);
    // token auth: the realm was asked for exactly the repositories involved
    const scopes = new Set(tokens.issued.flatMap((t) => t.scopes));
    expect([...scopes].every((s) => s.startsWith("repository:official/tool:"))).toBe(true);
  });

  it("copying the same image again writes nothing and says so", async () => {
    const before = regionA.blobCount();
    const again = await copyImage(
      { api: api(endpointHub()), repository: "library/tool", reference: "1.0" },
      { api: api(endpointA()), repository: "official/tool", tag: "1.0" },
      deps(),
    );
    expect(again).toMatchObject({
      status: "unchanged",
      digest: hubContent.v1.digest,
      manifestsPut: 0,
      blobsUploaded: 0,
      blobsMounted: 0,
      bytesUploaded: 0,
      tagMoved: false,
    });
    expect(regionA.blobCount()).toBe(before);
  });

  it("copies a Docker manifest list by digest (no tag) into another region, and a second tag of the same digest only moves the tag", async () => {
    const source = { api: api(endpointHub()), repository: "library/tool", reference: "1.1" };
    const r = await copyImage(source, { api: api(endpointB()), repository: "official/tool" }, deps());
    expect(r).toMatchObject({ status: "copied", digest: hubContent.v11.digest, mediaType: DOCKER_MANIFEST_LIST, manifestsPut: 3, tagMoved: false });
    expect(await head(regionB, "official/tool", hubContent.v11.digest)).toMatchObject({
      status: 200,
      digest: hubContent.v11.digest,
      type: DOCKER_MANIFEST_LIST,
    });
    expect((await head(regionB, "official/tool", "1.1")).status).toBe(404);
    const tagged = await copyImage(source, { api: api(endpointB()), repository: "official/tool", tag: "stable" }, deps());
    expect(tagged).toMatchObject({ status: "copied", manifestsPut: 1, blobsUploaded: 0, blobsSkipped: 0, tagMoved: true });
    expect((await head(regionB, "official/tool", "stable")).digest).toBe(hubContent.v11.digest);
  });

  it("mounts blobs across repositories of the same registry instead of uploading them", async () => {
    const a = api(endpointA());
    const r = await copyImage({ api: a, repository: "official/tool", reference: "1.0" }, { api: a, repository: "tenant-t1/tool", tag: "1.0" }, deps());
    expect(r).toMatchObject({ status: "copied", digest: hubContent.v1.digest, blobsUploaded: 0, bytesUploaded: 0 });
    expect(r.blobsMounted).toBe(hubContent.v1.blobs.size);
    expect((await head(regionA, "tenant-t1/tool", "1.0")).digest).toBe(hubContent.v1.digest);
  });

  it("replicates region A to region B by digest and deletes by digest (twice is harmless)", async () => {
    const r = await copyImage(
      { api: api(endpointA()), repository: "official/tool", reference: "1.0" },
      { api: api(endpointB()), repository: "official/tool", tag: "1.0" },
      deps(),
    );
    expect(r.digest).toBe(hubContent.v1.digest);
    expect((await head(regionB, "official/tool", "1.0")).digest).toBe(hubContent.v1.digest);
    const b = api(endpointB());
    expect(await deleteManifest(b, "official/tool", hubContent.v1.digest, deps())).toBe("deleted");
    expect((await head(regionB, "official/tool", hubContent.v1.digest)).status).toBe(404);
    expect((await head(regionB, "official/tool", "1.0")).status).toBe(404);
    expect(await deleteManifest(b, "official/tool", hubContent.v1.digest, deps())).toBe("absent");
    // the source is untouched
    expect((await head(regionA, "official/tool", "1.0")).digest).toBe(hubContent.v1.digest);
  });

  it("syncs the hub's tags matching the patterns; a second sync copies only what changed", async () => {
    const target: RegistryEndpoint & { repository: string } = { ...endpointA(), repository: "official/hubtool" };
    const first = await syncUpstream(
      { upstream: { ...endpointHub(), repository: "library/tool" }, tagPatterns: ["1.*", "latest", "!*-*"], target },
      { ...deps(), fetch },
    );
    expect(first.upstream).toBe("pub-hub");
    expect(first.items.map((i) => [i.tag, i.status])).toEqual([
      ["1.0", "copied"],
      ["1.1", "copied"],
      ["latest", "copied"],
    ]);
    expect(first).toMatchObject({ copied: 3, unchanged: 0, failed: 0 });
    expect(await listTags(api(endpointA()), "official/hubtool")).toEqual(expect.arrayContaining(["1.0", "1.1", "latest"]));
    expect((await listTags(api(endpointA()), "official/hubtool"))!.length).toBe(3);
    for (const [tag, digest] of [
      ["1.0", hubContent.v1.digest],
      ["1.1", hubContent.v11.digest],
      ["latest", hubContent.latest.digest],
    ])
      expect((await head(regionA, "official/hubtool", tag)).digest).toBe(digest);

    // upstream moves `latest` to a new image
    const newLatest = await pushImage(hub, "library/tool", "latest", { arch: "amd64", layers: [4000, 777] });
    const second = await syncUpstream(
      { upstream: { ...endpointHub(), repository: "library/tool" }, tagPatterns: ["1.*", "latest", "!*-*"], target },
      { ...deps(), fetch },
    );
    expect(second.items.map((i) => [i.tag, i.status])).toEqual([
      ["1.0", "unchanged"],
      ["1.1", "unchanged"],
      ["latest", "copied"],
    ]);
    const latest = second.items[2];
    expect(latest.status === "copied" && latest.digest).toBe(newLatest.digest);
    expect(latest.status === "copied" && latest.blobsUploaded).toBe(3); // a new config and two new (random) layers
    expect((await head(regionA, "official/hubtool", "latest")).digest).toBe(newLatest.digest);
  });

  it("a wrong upstream password is a clear error naming the upstream, and the previous copy stays", async () => {
    const before = await head(regionA, "official/hubtool", "latest");
    expect(before.status).toBe(200);
    const newer = await pushImage(hub, "library/tool", "latest", { arch: "amd64", layers: [1234] });
    const err = await syncUpstream(
      {
        upstream: { ...endpointHub("wrong-password"), repository: "library/tool" },
        tagPatterns: ["latest"],
        target: { ...endpointA(), repository: "official/hubtool" },
      },
      { ...deps(), fetch },
    ).catch((e: unknown) => e);
    expect(isAppError(err)).toBe(true);
    if (!isAppError(err)) return;
    expect(err.code).toBe("FORBIDDEN");
    expect(err.i18n).toEqual({ key: "replication.upstreamUnauthorized", params: { upstream: "pub-hub" } });
    expect(err.message).not.toContain("wrong-password");
    expect(await head(regionA, "official/hubtool", "latest")).toEqual(before);
    expect(before.digest).not.toBe(newer.digest);
    // wrong credentials for a region are named too (token realm refuses them)
    const e2 = await copyImage(
      { api: api(endpointHub()), repository: "library/tool", reference: "latest" },
      { api: api({ ...endpointA(), credentials: { username: REGION_USER.username, password: "nope" } }), repository: "official/hubtool", tag: "latest" },
      deps(),
    ).catch((e: unknown) => e);
    expect(isAppError(e2) && e2.i18n).toEqual({ key: "replication.unauthorized", params: { registry: "region-a" } });
    expect(await head(regionA, "official/hubtool", "latest")).toEqual(before);
  });

  it("a target registry stopped mid-copy fails the copy; after its restart the copy completes, nothing uploaded twice", async () => {
    const uniqueBlobs = hubContent.v1.blobs.size;
    const stopAfterFirst = recordingFetch(
      () => regionB,
      async (n) => {
        if (n === 1) await regionB.stop();
      },
    );
    const failed = await copyImage(
      { api: api(endpointHub()), repository: "library/tool", reference: "1.0" },
      { api: api(endpointB(), stopAfterFirst.fetch), repository: "mirror/tool", tag: "1.0" },
      deps({ concurrency: 1 }),
    ).catch((e: unknown) => e);
    expect(isAppError(failed) && failed.i18n).toEqual({ key: "replication.unreachable", params: { registry: "region-b" } });
    expect(stopAfterFirst.completed.length).toBe(1);

    await regionB.start();
    expect((await head(regionB, "mirror/tool", "1.0")).status).toBe(404); // no tag before the copy is whole
    const resumed = recordingFetch(() => regionB);
    const r = await copyImage(
      { api: api(endpointHub()), repository: "library/tool", reference: "1.0" },
      { api: api(endpointB(), resumed.fetch), repository: "mirror/tool", tag: "1.0" },
      deps({ concurrency: 1 }),
    );
    expect(r).toMatchObject({ status: "copied", digest: hubContent.v1.digest, blobsSkipped: 1, blobsUploaded: uniqueBlobs - 1 });
    // every blob uploaded exactly once over both runs
    const all = [...stopAfterFirst.completed, ...resumed.completed];
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(hubContent.v1.blobs);
    expect(await listTags(api(endpointB()), "mirror/tool")).toEqual(["1.0"]);
  });

  it("the source stopped mid-copy: the error names it, the target keeps its previous copy, a later copy completes", async () => {
    const target = { api: api(endpointB()), repository: "keep/tool", tag: "latest" };
    const old = await copyImage({ api: api(endpointHub()), repository: "library/tool", reference: "nightly" }, target, deps());
    expect((await head(regionB, "keep/tool", "latest")).digest).toBe(old.digest);
    const newer = await pushImage(hub, "library/tool", "moving", { arch: "amd64", layers: [2000, 3000, 4000] });
    // the hub goes away after the first blob reached region B
    const stopHub = recordingFetch(
      () => regionB,
      async (n) => {
        if (n === 1) await hub.stop();
      },
    );
    const failed = await copyImage(
      { api: api(endpointHub()), repository: "library/tool", reference: "moving" },
      { ...target, api: api(endpointB(), stopHub.fetch) },
      deps({ concurrency: 1 }),
    ).catch((e: unknown) => e);
    expect(isAppError(failed) && failed.i18n).toEqual({ key: "replication.unreachable", params: { registry: "pub-hub" } });
    expect((await head(regionB, "keep/tool", "latest")).digest).toBe(old.digest);
    await hub.start();
    const r = await copyImage({ api: api(endpointHub()), repository: "library/tool", reference: "moving" }, target, deps());
    expect(r).toMatchObject({ status: "copied", digest: newer.digest, blobsSkipped: 1, blobsUploaded: newer.blobs.length - 1, tagMoved: true });
    expect((await head(regionB, "keep/tool", "latest")).digest).toBe(newer.digest);
  });

  it("retries with backoff while the target is down and completes when it is back, in one copy", async () => {
    const waits: number[] = [];
    // the clock's sleep is where the retry waits: the registry comes back during the first wait
    const clock: Clock = {
      now: () => Date.now(),
      sleep: async (ms) => {
        waits.push(ms);
        if (!regionB.running()) await regionB.start();
        await systemClock.sleep(ms);
      },
    };
    const stopOnce = recordingFetch(
      () => regionB,
      async (n) => {
        if (n === 1) await regionB.stop();
      },
    );
    const retried: string[] = [];
    const r = await copyImage(
      { api: api(endpointHub()), repository: "library/tool", reference: "1.1" },
      { api: api(endpointB(), stopOnce.fetch), repository: "retry/tool", tag: "1.1" },
      deps({ clock, concurrency: 1, onRetry: (i) => retried.push(i.step) }),
    );
    expect(r).toMatchObject({ status: "copied", digest: hubContent.v11.digest });
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toBeGreaterThanOrEqual(FAST_RETRY.baseMs / 2);
    expect(waits[0]).toBeLessThanOrEqual(FAST_RETRY.baseMs);
    expect(retried.length).toBe(waits.length);
    expect(new Set(stopOnce.completed)).toEqual(hubContent.v11.blobs);
    expect(stopOnce.completed.length).toBe(hubContent.v11.blobs.size);
    expect((await head(regionB, "retry/tool", "1.1")).digest).toBe(hubContent.v11.digest);
  });
});
