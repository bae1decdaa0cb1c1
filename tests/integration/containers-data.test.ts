// Issue 4: logs (REST and /logs follow of a container and a whole service), stats history from the
// sampler, files (upload → download same bytes, listing, directory tar) and T23 confinement.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { io } from "socket.io-client";
import { labEngine } from "../support/lab";
import { eventually } from "../support/lab";
import { buildContainersWorld, tearDownContainersWorld, type ContainersWorld } from "./containers-world";

const baseUrl = inject("baseUrl");
let w: ContainersWorld;
let c: ContainersWorld["containers"][number];

beforeAll(async () => {
  w = await buildContainersWorld(baseUrl, inject("admin"), "cdata");
  c = w.containers[0];
});
afterAll(async () => {
  await tearDownContainersWorld(w);
});

const req = (token: string, method: string, path: string, body?: BodyInit | Buffer, headers: Record<string, string> = {}) =>
  fetch(baseUrl + path, { method, body: body as BodyInit, headers: { authorization: `Bearer ${token}`, ...headers }, duplex: "half" } as RequestInit);

async function sh(cmd: string): Promise<{ stdout: string; exitCode: number | null }> {
  const r = await (await labEngine(c.hostIndex).containerExec(c.engineId, { cmd: ["sh", "-c", cmd] })).collect();
  return { stdout: r.stdout, exitCode: r.exitCode };
}

/** A raw tar entry, independent of the portal's own tar writer (so malicious ones can be built). */
function rawEntry(name: string, body: Buffer | string, type = "0", linkname = ""): Buffer {
  const data = Buffer.from(body);
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(data.length.toString(8).padStart(11, "0") + "\0", 124);
  h.write("00000000000\0", 136);
  h.write(type, 156);
  h.write(linkname, 157, 100);
  h.write("ustar\0", 257);
  h.write("00", 263);
  h.fill(32, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return Buffer.concat([h, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}
const tar = (...entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)]);

describe("logs", () => {
  it("REST: text and JSON lines, tail; viewers may read, other tenants may not", async () => {
    await eventually("some ticks", async () => (await (await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/logs?tail=5`)).text()).includes("tick"), 20_000);
    const t = await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/logs?tail=3`);
    expect(t.status).toBe(200);
    expect(t.headers.get("content-type")).toMatch(/text\/plain/);
    expect((await t.text()).trim().split("\n").length).toBeLessThanOrEqual(3);
    const j = await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/logs?tail=2&format=json&since=5m`);
    const lines = (await j.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ containerId: c.id, stream: "stdout" });
    expect(lines[0].text).toMatch(/^tick \d+$/);
    expect(lines[0].time).toMatch(/^\d{4}-/);
    expect((await req(w.tokens.other, "GET", `/api/v1/containers/${c.id}/logs`)).status).toBe(404);
  });

  it("REST: a whole service's recent lines, merged and named by replica", async () => {
    const r = await req(w.tokens.viewer, "GET", `/api/v1/services/${w.serviceId}/logs?tail=3&format=json`);
    expect(r.status).toBe(200);
    const lines = (await r.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(new Set(lines.map((l: { containerId: string }) => l.containerId)).size).toBe(2);
    expect(lines[0].replica).toMatch(/^\d+@lab\d$/);
    expect((await req(w.tokens.other, "GET", `/api/v1/services/${w.serviceId}/logs`)).status).toBe(404);
  });

  it("/logs follows a container and a whole service (replicas merged and named)", async () => {
    const s = io(`${baseUrl}/logs`, { auth: { token: w.tokens.viewer }, transports: ["websocket"], forceNew: true, reconnection: false });
    const got: { replica: string; text: string; containerId: string }[] = [];
    s.on("lines", (lines: typeof got, ack?: () => void) => {
      got.push(...lines);
      ack?.();
    });
    const ack = await s.timeout(10_000).emitWithAck("follow", { containerId: c.id, tail: 0 });
    expect(ack).toEqual({ ok: true });
    await eventually("a followed line", async () => got.some((l) => /tick/.test(l.text)), 10_000, 200);
    got.length = 0;
    expect(await s.timeout(10_000).emitWithAck("follow", { serviceId: w.serviceId, tail: 1 })).toEqual({ ok: true });
    await eventually("lines from both replicas", async () => new Set(got.map((l) => l.containerId)).size === 2, 15_000, 200);
    expect(got[0].replica).toMatch(/^\d+@lab\d$/);
    s.disconnect();
    const other = io(`${baseUrl}/logs`, { auth: { token: w.tokens.other }, transports: ["websocket"], forceNew: true, reconnection: false });
    const r = await other.timeout(10_000).emitWithAck("follow", { serviceId: w.serviceId });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe("NOT_FOUND");
    other.disconnect();
  });
});

describe("stats", () => {
  it("the sampler keeps a history; latest has cpu, memory, network, block I/O", async () => {
    const body = await eventually("2 samples", async () => {
      const r = await (await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/stats?window=5m`)).json();
      return r.history?.length >= 2 ? r : null;
    }, 60_000, 1000);
    expect(body.latest).toMatchObject({ cpuPercent: expect.any(Number), memoryBytes: expect.any(Number), netRx: expect.any(Number), blkRead: expect.any(Number) });
    expect(body.latest.memoryBytes).toBeGreaterThan(0);
    const hosts = await (await req(w.tokens.viewer, "GET", `/api/v1/environments/${w.envId}/host-stats`)).json();
    expect(hosts.items).toHaveLength(3);
    expect(hosts.items.reduce((a: number, h: { containers: number }) => a + h.containers, 0)).toBe(2);
    expect((await req(w.tokens.other, "GET", `/api/v1/containers/${c.id}/stats`)).status).toBe(404);
    const svc = await eventually("service history", async () => {
      const r = await (await req(w.tokens.viewer, "GET", `/api/v1/services/${w.serviceId}/stats?window=5m`)).json();
      return r.history?.length >= 2 ? r : null;
    }, 30_000, 1000);
    expect(svc.replicas).toBe(2);
    expect(svc.latest.memoryBytes).toBeGreaterThan(0);
  });
});

describe("files", () => {
  const bytes = randomBytes(300 * 1024 + 17);

  it("uploads a single file then downloads the same bytes; lists the directory", async () => {
    await sh("mkdir -p /tmp/up");
    const put = await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp/up&name=blob.bin`, bytes, { "content-length": String(bytes.length) });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await put.json()).toMatchObject({ path: "/tmp/up", entries: 1, bytes: bytes.length });
    const get = await req(w.tokens.member, "GET", `/api/v1/containers/${c.id}/files?path=/tmp/up/blob.bin`);
    expect(get.status).toBe(200);
    expect(get.headers.get("content-disposition")).toMatch(/blob\.bin/);
    expect(Buffer.from(await get.arrayBuffer()).equals(bytes)).toBe(true);
    const list = await (await req(w.tokens.member, "GET", `/api/v1/containers/${c.id}/files?path=/tmp/up&list=1`)).json();
    expect(list.items).toContainEqual(expect.objectContaining({ name: "blob.bin", type: "file", size: bytes.length }));
  });

  it("uploads a folder as tar; downloads a directory as tar", async () => {
    const put = await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp/up`, tar(rawEntry("site/", "", "5"), rawEntry("./site/index.html", "<h1>hi</h1>"), rawEntry("site/deep/a.txt", "A")), { "content-type": "application/x-tar" });
    expect(put.status, await put.clone().text()).toBe(200);
    expect((await sh("cat /tmp/up/site/index.html /tmp/up/site/deep/a.txt")).stdout).toBe("<h1>hi</h1>A");
    const d = await req(w.tokens.member, "GET", `/api/v1/containers/${c.id}/files?path=/tmp/up/site`);
    expect(d.headers.get("content-type")).toBe("application/x-tar");
    expect(Buffer.from(await d.arrayBuffer()).toString("latin1")).toContain("<h1>hi</h1>");
  });

  it("T23: traversal, absolute names, symlinks, hard links and compressed archives are refused; nothing lands outside", async () => {
    await sh("rm -rf /tmp/t23 && mkdir -p /tmp/t23/in");
    const cases: [string, Buffer][] = [
      ["traversal", tar(rawEntry("../escape.txt", "x"))],
      ["nested traversal", tar(rawEntry("a/../../escape2.txt", "x"))],
      ["absolute", tar(rawEntry("/tmp/t23/abs.txt", "x"))],
      ["symlink then through it", tar(rawEntry("link", "", "2", "/tmp/t23"), rawEntry("link/via-link.txt", "x"))],
      ["hard link", tar(rawEntry("hl", "", "1", "/etc/passwd"))],
      ["pax path traversal", tar(rawEntry("PaxHeader", (() => { const r = "path=../pax.txt\n"; let n = r.length + 3; n = `${n} ${r}`.length; return `${n} ${r}`; })(), "x"), rawEntry("innocent.txt", "x"))],
      ["gzip", Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes(2000)])],
    ];
    for (const [what, body] of cases) {
      const r = await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp/t23/in`, body, { "content-type": "application/x-tar" });
      expect(r.status, `${what}: ${await r.clone().text()}`).toBe(400);
    }
    for (const p of ["/tmp/t23/in/..", "/tmp/../etc", "tmp"]) {
      expect((await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=${encodeURIComponent(p)}&name=x.txt`, "x", { "content-length": "1" })).status).toBe(400);
    }
    expect((await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp/t23/in&name=..`, "x", { "content-length": "1" })).status).toBe(400);
    const found = (await sh("find /tmp/t23 -name '*escape*' -o -name 'abs.txt' -o -name 'via-link.txt' -o -name 'pax.txt' -o -name hl -o -type l")).stdout.trim();
    expect(found).toBe("");
    expect((await sh("ls /tmp/escape.txt /tmp/escape2.txt 2>/dev/null")).stdout.trim()).toBe("");
  });

  it("viewers and other tenants cannot touch files; the size limit applies", async () => {
    expect((await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/files?path=/tmp&list=1`)).status).toBe(403);
    expect((await req(w.tokens.other, "GET", `/api/v1/containers/${c.id}/files?path=/tmp&list=1`)).status).toBe(404);
    const big = await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp&name=big`, "x", { "content-length": String(200 * 1024 * 1024) }).catch(() => null);
    expect(big === null || big.status === 400).toBe(true);
  });
});
