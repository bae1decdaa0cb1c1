// Issue 17: the logic of the replication core that needs no registry — the retry policy (a fake
// clock and random source passed in), tag patterns, manifest media types, and the auth handshake
// of RegistryApi against a fake fetch passed in. The copy itself is tested on real registries in
// tests/registries/replication-core.test.ts.
import { describe, expect, it } from "vitest";
import { appError, isAppError } from "@/lib/errors";
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_INDEX,
  OCI_MANIFEST,
  RegistryApi,
  backoffDelay,
  compileTagPatterns,
  isRetryable,
  kindOf,
  listTags,
  parseChallenge,
  parseManifest,
  portalImageRef,
  replicationBackoff,
  uniqueBlobs,
  withRetry,
  type Clock,
  type RetryPolicy,
} from "@/lib/replication";

const d = (c: string) => `sha256:${c.repeat(64)}`;

function fakeClock(start = 0): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe("backoff", () => {
  const policy: RetryPolicy = { attempts: 8, baseMs: 100, capMs: 1000, factor: 2 };

  it("doubles from the base up to the cap; jitter keeps each wait between half its step and the step", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(300);
    // a random source out of range cannot push a wait past the step or below half of it
    expect(backoffDelay(0, policy, () => 7)).toBe(100);
    expect(backoffDelay(0, policy, () => -1)).toBe(50);
    expect(backoffDelay(-3, policy, () => 0)).toBe(50);
  });

  it("retries retryable failures with growing waits and answers the first success", async () => {
    const clock = fakeClock();
    let calls = 0;
    const seen: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        seen.push(attempt);
        if (++calls < 4) throw appError("CONFLICT", "replication.unreachable", { registry: "r" }, "The registry r does not answer.");
        return "done";
      },
      policy,
      { clock, random: () => 0.5 },
    );
    expect(result).toBe("done");
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(clock.sleeps).toEqual([75, 150, 300]);
  });

  it("gives up after the attempts and throws the last error; never retries a non-retryable one", async () => {
    const clock = fakeClock();
    let n = 0;
    const e = await withRetry(
      async () => {
        n++;
        throw appError("CONFLICT", "replication.serverError", { registry: "r", status: 503 }, `The registry r failed (HTTP 503) #${n}.`);
      },
      { ...policy, attempts: 3 },
      { clock, random: () => 0 },
    ).catch((x: unknown) => x);
    expect(n).toBe(3);
    expect(isAppError(e) && e.message).toBe("The registry r failed (HTTP 503) #3.");
    expect(clock.sleeps).toEqual([50, 100]);

    const clock2 = fakeClock();
    let m = 0;
    await expect(
      withRetry(
        async () => {
          m++;
          throw appError("FORBIDDEN", "replication.unauthorized", { registry: "r" }, "The registry r refused the credentials.");
        },
        policy,
        { clock: clock2 },
      ),
    ).rejects.toMatchObject({ i18n: { key: "replication.unauthorized" } });
    expect(m).toBe(1);
    expect(clock2.sleeps).toEqual([]);
  });

  it("reports each retry before its wait", async () => {
    const clock = fakeClock();
    const retries: { retry: number; delayMs: number }[] = [];
    let n = 0;
    await withRetry(
      async () => {
        if (n++ < 2) throw appError("CONFLICT", "replication.unreachable", { registry: "r" }, "x");
      },
      policy,
      { clock, random: () => 0, onRetry: ({ retry, delayMs }) => retries.push({ retry, delayMs }) },
    );
    expect(retries).toEqual([
      { retry: 0, delayMs: 50 },
      { retry: 1, delayMs: 100 },
    ]);
  });

  it("only unreachable registries and server errors are retryable", () => {
    expect(isRetryable(appError("CONFLICT", "replication.unreachable", { registry: "r" }, "x"))).toBe(true);
    expect(isRetryable(appError("CONFLICT", "replication.serverError", { registry: "r", status: 500 }, "x"))).toBe(true);
    expect(isRetryable(appError("CONFLICT", "replication.refused", { registry: "r", status: 400 }, "x"))).toBe(false);
    expect(isRetryable(appError("FORBIDDEN", "replication.unauthorized", { registry: "r" }, "x"))).toBe(false);
    expect(isRetryable(new Error("boom"))).toBe(false);
  });
});

describe("tag patterns", () => {
  const tags = ["1.0", "1.1", "1.10", "1.0-alpine", "2.0", "latest", "nightly", "10.0", "v1.0"];
  const pick = (patterns: string[]) => tags.filter(compileTagPatterns(patterns));

  it("globs: * any run, ? one character, {a,b} alternatives, literal dots", () => {
    expect(pick(["1.*"])).toEqual(["1.0", "1.1", "1.10", "1.0-alpine"]);
    expect(pick(["1.?"])).toEqual(["1.0", "1.1"]);
    expect(pick(["{1,2}.0"])).toEqual(["1.0", "2.0"]);
    expect(pick(["latest", "nightly"])).toEqual(["latest", "nightly"]);
    // the dot is literal: 1.0 does not match "110" style tags
    expect(compileTagPatterns(["1.0"])("1x0")).toBe(false);
    expect(pick(["*"])).toEqual(tags);
  });

  it("exclusions with !, and no pattern means every tag", () => {
    expect(pick(["1.*", "!*-*"])).toEqual(["1.0", "1.1", "1.10"]);
    expect(pick(["!nightly"])).toEqual(tags.filter((t) => t !== "nightly"));
    expect(pick([])).toEqual(tags);
  });

  it("whole-tag matches only", () => {
    expect(pick(["1"])).toEqual([]);
    expect(pick(["atest"])).toEqual([]);
    expect(pick(["*.0"])).toEqual(["1.0", "2.0", "10.0", "v1.0"]);
  });

  it("invalid patterns are a validation error naming each one", () => {
    const e = (() => {
      try {
        compileTagPatterns(["ok*", "bad/slash", "{unclosed", "!", "a".repeat(200)]);
      } catch (x) {
        return x;
      }
    })();
    expect(isAppError(e)).toBe(true);
    if (!isAppError(e)) return;
    expect(e.code).toBe("VALIDATION");
    expect(e.i18n?.key).toBe("replication.badTagPatterns");
    expect(e.details?.map((x) => [x.path, x.key])).toEqual([
      ["tagPatterns.1", "replication.badTagPattern"],
      ["tagPatterns.2", "replication.badTagPattern"],
      ["tagPatterns.3", "replication.badTagPattern"],
      ["tagPatterns.4", "replication.badTagPattern"],
    ]);
  });
});

describe("manifest media types", () => {
  const enc = (o: object) => Buffer.from(JSON.stringify(o));
  const image = (mediaType?: string) => ({
    schemaVersion: 2,
    ...(mediaType ? { mediaType } : {}),
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: d("c"), size: 10 },
    layers: [
      { digest: d("a"), size: 5 },
      { digest: d("b"), size: 6 },
      { digest: d("a"), size: 5 },
    ],
  });
  const index = (mediaType?: string) => ({
    schemaVersion: 2,
    ...(mediaType ? { mediaType } : {}),
    manifests: [
      { mediaType: OCI_MANIFEST, digest: d("1"), size: 300, platform: { architecture: "amd64", os: "linux" } },
      { mediaType: OCI_MANIFEST, digest: d("2"), size: 300, platform: { architecture: "arm64", os: "linux" } },
    ],
  });

  it("classifies the four types, parameters and case ignored", () => {
    expect(kindOf(OCI_INDEX)).toBe("index");
    expect(kindOf(DOCKER_MANIFEST_LIST)).toBe("index");
    expect(kindOf(OCI_MANIFEST)).toBe("image");
    expect(kindOf(`${DOCKER_MANIFEST}; charset=utf-8`)).toBe("image");
    expect(kindOf("APPLICATION/VND.OCI.IMAGE.INDEX.V1+JSON")).toBe("index");
    expect(kindOf("application/vnd.docker.distribution.manifest.v1+prettyjws")).toBeNull();
    expect(kindOf("application/json")).toBeNull();
  });

  it("an image lists its config then layers, each digest once", () => {
    const p = parseManifest(enc(image(DOCKER_MANIFEST)), DOCKER_MANIFEST);
    expect(p.kind).toBe("image");
    expect(p.mediaType).toBe(DOCKER_MANIFEST);
    expect(p.blobs.map((b) => b.digest)).toEqual([d("c"), d("a"), d("b")]);
    expect(p.manifests).toEqual([]);
  });

  it("an index lists its children; an OCI document without mediaType takes the Content-Type or its shape", () => {
    const p = parseManifest(enc(index()), OCI_INDEX);
    expect(p).toMatchObject({ kind: "index", mediaType: OCI_INDEX, blobs: [] });
    expect(p.manifests.map((m) => m.platform?.architecture)).toEqual(["amd64", "arm64"]);
    expect(parseManifest(enc(index()), "application/octet-stream").mediaType).toBe(OCI_INDEX);
    expect(parseManifest(enc(image()), null).mediaType).toBe(OCI_MANIFEST);
    expect(parseManifest(enc(index(DOCKER_MANIFEST_LIST)), DOCKER_MANIFEST_LIST).kind).toBe("index");
  });

  it("foreign layers (with urls) are not copied", () => {
    expect(
      uniqueBlobs([
        { digest: d("a"), size: 1 },
        { digest: d("b"), size: 1, urls: ["https://example.test/layer"] },
      ]).map((b) => b.digest),
    ).toEqual([d("a")]);
  });

  it("refuses schema 1, unknown types, a type that contradicts the header, bad JSON and bad descriptors", () => {
    const key = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isAppError(e) ? e.i18n?.key : "not an AppError";
      }
      return "no error";
    };
    expect(key(() => parseManifest(enc({ schemaVersion: 1, name: "x" }), "application/vnd.docker.distribution.manifest.v1+prettyjws"))).toBe(
      "replication.unsupportedManifest",
    );
    expect(key(() => parseManifest(enc({ ...image(), mediaType: "application/vnd.example+json" }), null))).toBe("replication.unsupportedManifest");
    expect(key(() => parseManifest(enc(image(OCI_MANIFEST)), OCI_INDEX))).toBe("replication.unsupportedManifest");
    expect(key(() => parseManifest(Buffer.from("{not json"), OCI_MANIFEST))).toBe("replication.badManifest");
    expect(key(() => parseManifest(enc({ ...image(OCI_MANIFEST), layers: [{ digest: "sha256:short", size: 1 }] }), OCI_MANIFEST))).toBe(
      "replication.badManifest",
    );
    expect(key(() => parseManifest(enc({ ...index(OCI_INDEX), manifests: [{ digest: d("1"), size: -1 }] }), OCI_INDEX))).toBe("replication.badManifest");
    expect(key(() => parseManifest(enc([]), OCI_INDEX))).toBe("replication.badManifest");
  });
});

describe("registry auth handshake (fake fetch passed in)", () => {
  it("parses Bearer and Basic challenges", () => {
    expect(parseChallenge('Bearer realm="https://portal.test/api/registry/token",service="caas-registry",scope="repository:a/b:pull"')).toEqual({
      scheme: "bearer",
      realm: "https://portal.test/api/registry/token",
      service: "caas-registry",
    });
    expect(parseChallenge('Basic realm="hub"')).toEqual({ scheme: "basic" });
    expect(parseChallenge("Bearer")).toBeNull();
    expect(parseChallenge("Negotiate abc")).toBeNull();
    expect(parseChallenge(null)).toBeNull();
  });

  type Call = { url: string; method: string; auth?: string };
  function registryFake(opts: { tokenStatus?: number; expiresIn?: number }) {
    const calls: Call[] = [];
    let tokenNo = 0;
    const f: typeof fetch = async (input, init) => {
      const url = String(input);
      const auth = (init?.headers as Record<string, string> | undefined)?.authorization;
      calls.push({ url, method: init?.method ?? "GET", auth });
      const u = new URL(url);
      if (u.host === "auth.test") {
        if (opts.tokenStatus) return new Response("{}", { status: opts.tokenStatus });
        tokenNo++;
        return Response.json({ token: `t${tokenNo}`, ...(opts.expiresIn ? { expires_in: opts.expiresIn } : {}) });
      }
      const challenge = { "www-authenticate": 'Bearer realm="http://auth.test/token",service="svc"' };
      if (!auth?.startsWith("Bearer ")) return new Response(null, { status: 401, headers: challenge });
      return new Response("ok", { status: 200 });
    };
    return { fetch: f, calls };
  }

  it("gets a token for exactly the scopes, with Basic credentials, once per scope set until it expires", async () => {
    const clock = fakeClock(1_000_000);
    const fake = registryFake({ expiresIn: 60 });
    const api = new RegistryApi({ url: "http://reg.test:5000/", credentials: { username: "u", password: "p" } }, { fetch: fake.fetch, clock });
    await api.send("GET", "/v2/a/b/tags/list", { scopes: ["repository:a/b:pull"] });
    await api.send("GET", "/v2/a/b/tags/list", { scopes: ["repository:a/b:pull"] });
    await api.send("POST", "/v2/c/blobs/uploads/", { scopes: ["repository:c:pull,push", "repository:a/b:pull"] });
    const tokenCalls = fake.calls.filter((c) => c.url.startsWith("http://auth.test/"));
    expect(tokenCalls.length).toBe(2);
    const first = new URL(tokenCalls[0].url);
    expect(first.searchParams.get("service")).toBe("svc");
    expect(first.searchParams.getAll("scope")).toEqual(["repository:a/b:pull"]);
    expect(new URL(tokenCalls[1].url).searchParams.getAll("scope")).toEqual(["repository:a/b:pull", "repository:c:pull,push"]);
    expect(tokenCalls[0].auth).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    // the /v2/ probe once, then each request with its token
    expect(fake.calls.filter((c) => c.url === "http://reg.test:5000/v2/").length).toBe(1);
    expect(fake.calls.filter((c) => c.url.includes("/tags/list")).map((c) => c.auth)).toEqual(["Bearer t1", "Bearer t1"]);
    // expired: a new token
    await clock.sleep(60_000);
    await api.send("GET", "/v2/a/b/tags/list", { scopes: ["repository:a/b:pull"] });
    expect(fake.calls.filter((c) => c.url.startsWith("http://auth.test/")).length).toBe(3);
  });

  it("concurrent requests share the /v2/ probe and the token request of their scopes", async () => {
    const fake = registryFake({ expiresIn: 300 });
    const api = new RegistryApi({ url: "http://reg.test" }, { fetch: fake.fetch, clock: fakeClock() });
    await Promise.all([1, 2, 3].map(() => api.send("HEAD", "/v2/a/blobs/x", { scopes: ["repository:a:pull,push"] })));
    expect(fake.calls.filter((c) => c.url === "http://reg.test/v2/").length).toBe(1);
    expect(fake.calls.filter((c) => c.url.startsWith("http://auth.test/")).length).toBe(1);
  });

  it("a realm refusing the credentials is `unauthorized`, naming the registry and not the password", async () => {
    const fake = registryFake({ tokenStatus: 401 });
    const api = new RegistryApi(
      { url: "http://reg.test:5000", name: "pub-hub", credentials: { username: "u", password: "s3cret" } },
      { fetch: fake.fetch, clock: fakeClock() },
    );
    const e = await api.send("GET", "/v2/x/tags/list", { scopes: ["repository:x:pull"] }).catch((x: unknown) => x);
    expect(isAppError(e) && e.i18n).toEqual({ key: "replication.unauthorized", params: { registry: "pub-hub" } });
    expect(isAppError(e) && e.message.includes("s3cret")).toBe(false);
  });

  it("Basic auth registries get the credentials on every request; none configured is `unauthorized`", async () => {
    const calls: Call[] = [];
    const f: typeof fetch = async (input, init) => {
      const auth = (init?.headers as Record<string, string> | undefined)?.authorization;
      calls.push({ url: String(input), method: init?.method ?? "GET", auth });
      return auth ? new Response("ok") : new Response(null, { status: 401, headers: { "www-authenticate": 'Basic realm="hub"' } });
    };
    const api = new RegistryApi({ url: "http://user:pw@hub.test", credentials: { username: "u", password: "p" } }, { fetch: f, clock: fakeClock() });
    expect(api.base.href).toBe("http://hub.test/"); // credentials in the URL are dropped, never sent
    expect(api.label).toBe("hub.test");
    const r = await api.send("GET", "/v2/x/tags/list", { scopes: [] });
    expect(r.status).toBe(200);
    expect(calls.at(-1)?.auth).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    const anonymous = new RegistryApi({ url: "http://hub.test" }, { fetch: f, clock: fakeClock() });
    await expect(anonymous.send("GET", "/v2/x/tags/list", { scopes: [] })).rejects.toMatchObject({ i18n: { key: "replication.unauthorized" } });
  });

  it("a registry that does not answer is `unreachable` (retryable); only http(s) addresses", async () => {
    const f: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const api = new RegistryApi({ url: "http://down.test:5000" }, { fetch: f, clock: fakeClock() });
    const e = await api.send("GET", "/v2/x/tags/list", { scopes: [] }).catch((x: unknown) => x);
    expect(isAppError(e) && e.i18n?.key).toBe("replication.unreachable");
    expect(isRetryable(e)).toBe(true);
    expect(() => new RegistryApi({ url: "file:///etc/passwd" }, { fetch: f, clock: fakeClock() })).toThrow();
    expect(() => new RegistryApi({ url: "not a url" }, { fetch: f, clock: fakeClock() })).toThrow();
  });

  it("a 401 on a replayable request gets a fresh token once; a stream body is not replayed but fails retryably", async () => {
    let rejectNext = 1;
    const calls: Call[] = [];
    let tokenNo = 0;
    const f: typeof fetch = async (input, init) => {
      const auth = (init?.headers as Record<string, string> | undefined)?.authorization;
      calls.push({ url: String(input), method: init?.method ?? "GET", auth });
      if (String(input).startsWith("http://auth.test/")) return Response.json({ token: `t${++tokenNo}`, expires_in: 300 });
      const challenge = { "www-authenticate": 'Bearer realm="http://auth.test/token",service="svc"' };
      if (!auth) return new Response(null, { status: 401, headers: challenge });
      if (String(input).includes("/manifests/") && rejectNext-- > 0) return new Response(null, { status: 401, headers: challenge });
      return new Response(null, { status: 201 });
    };
    const api = new RegistryApi({ url: "http://reg.test" }, { fetch: f, clock: fakeClock() });
    const r = await api.send("PUT", "/v2/a/manifests/1", { scopes: ["repository:a:pull,push"], body: new Uint8Array([1]) });
    expect(r.status).toBe(201);
    expect(calls.filter((c) => c.url.includes("/manifests/")).map((c) => c.auth)).toEqual(["Bearer t1", "Bearer t2"]);
    rejectNext = 1;
    const streamed = await api
      .send("PUT", "/v2/a/manifests/2", { scopes: ["repository:a:pull,push"], body: new ReadableStream(), replayable: false })
      .catch((e: unknown) => e);
    expect(isAppError(streamed) && streamed.i18n?.key).toBe("replication.tokenExpired");
    expect(isRetryable(streamed)).toBe(true);
    expect(calls.filter((c) => c.url.includes("/manifests/2")).length).toBe(1); // not replayed
    // the retried step asks for a new token
    const again = await api.send("PUT", "/v2/a/manifests/2", { scopes: ["repository:a:pull,push"], body: new ReadableStream(), replayable: false });
    expect(again.status).toBe(201);
    expect(calls.filter((c) => c.url.startsWith("http://auth.test/")).length).toBe(3);
  });

  it("lists every page of tags and follows next links only on the same registry", async () => {
    const pages: Record<string, { tags: string[]; link?: string }> = {
      "/v2/lib/x/tags/list?n=1000": { tags: ["a", "b"], link: '</v2/lib/x/tags/list?last=b&n=1000>; rel="next"' },
      "/v2/lib/x/tags/list?last=b&n=1000": { tags: ["c", "bad tag"], link: '<http://evil.test/v2/lib/x/tags/list?last=c>; rel="next"' },
    };
    const asked: string[] = [];
    const f: typeof fetch = async (input) => {
      const u = new URL(String(input));
      asked.push(u.host + u.pathname + u.search);
      if (u.pathname === "/v2/") return new Response("{}");
      const p = pages[u.pathname + u.search];
      if (!p) return new Response(null, { status: 404 });
      return Response.json({ name: "lib/x", tags: p.tags }, { headers: p.link ? { link: p.link } : {} });
    };
    const api = new RegistryApi({ url: "http://reg.test" }, { fetch: f, clock: fakeClock() });
    expect(await listTags(api, "lib/x")).toEqual(["a", "b", "c"]);
    expect(asked.some((a) => a.startsWith("evil.test"))).toBe(false);
    expect(await listTags(api, "lib/unknown")).toBeNull();
    await expect(listTags(api, "../etc")).rejects.toMatchObject({ i18n: { key: "replication.badRepository" } });
  });

  it("same registry (mounts allowed) means the same address and the same identity", () => {
    const deps = { fetch: (async () => new Response()) as typeof fetch, clock: fakeClock() };
    const a = new RegistryApi({ url: "http://reg.test:5000/", credentials: { username: "u", password: "p" } }, deps);
    expect(a.sameRegistryAs(new RegistryApi({ url: "http://reg.test:5000/v2", credentials: { username: "u", password: "q" } }, deps))).toBe(true);
    expect(a.sameRegistryAs(new RegistryApi({ url: "http://reg.test:5001", credentials: { username: "u", password: "p" } }, deps))).toBe(false);
    expect(a.sameRegistryAs(new RegistryApi({ url: "http://reg.test:5000", credentials: { username: "v", password: "p" } }, deps))).toBe(false);
  });
});

describe("the replication queue's backoff between attempts", () => {
  it("doubles from the base per failed attempt, capped, with ±20 % jitter", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => replicationBackoff(n, 1000, 60_000, mid))).toEqual([1000, 2000, 4000, 8000]);
    expect(replicationBackoff(20, 1000, 60_000, mid)).toBe(60_000);
    expect(replicationBackoff(1, 1000, 60_000, () => 0)).toBe(800);
    expect(replicationBackoff(1, 1000, 60_000, () => 1)).toBe(1200);
  });
});

describe("images of the portal's registry in a deploy", () => {
  it("reads repository and tag or digest of an image on the given registry host only", () => {
    const d = `sha256:${"a".repeat(64)}`;
    expect(portalImageRef("10.0.0.1:5000/t/acme/web:v1", "10.0.0.1:5000")).toEqual({ repository: "t/acme/web", reference: "v1" });
    expect(portalImageRef("10.0.0.1:5000/t/acme/web", "10.0.0.1:5000")).toEqual({ repository: "t/acme/web", reference: "latest" });
    expect(portalImageRef(`10.0.0.1:5000/official/nginx@${d}`, "10.0.0.1:5000")).toEqual({ repository: "official/nginx", reference: d });
    expect(portalImageRef("10.0.0.1:50000/t/acme/web:v1", "10.0.0.1:5000")).toBeNull();
    expect(portalImageRef("nginx:1.25", "10.0.0.1:5000")).toBeNull();
  });
});
