// Issue 4: logs (REST and /logs follow of a container and a whole service), stats history from the
// sampler, files (upload → download same bytes, listing, directory tar), T23 confinement, and the
// T35 attacks of issue 9: crafted archives uploaded to a real container, whose filesystem is then
// listed through a non-TTY exec.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { io } from "socket.io-client";
import { labEngine } from "../support/lab";
import { eventually } from "../support/lab";
import { buildContainersWorld, tearDownContainersWorld, type ContainersWorld } from "./containers-world";
import { listTar, paxEntry, rawEntry, rawHeader, tarOf } from "../support/crafted-tar";

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

const tar = tarOf;

describe("logs", () => {
  it("REST: text and JSON lines, tail; viewers may read, other tenants may not", async () => {
    await eventually(
      "some ticks",
      async () => (await (await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/logs?tail=5`)).text()).includes("tick"),
      20_000,
    );
    const t = await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/logs?tail=3`);
    expect(t.status).toBe(200);
    expect(t.headers.get("content-type")).toMatch(/text\/plain/);
    expect((await t.text()).trim().split("\n").length).toBeLessThanOrEqual(3);
    const j = await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/logs?tail=2&format=json&since=5m`);
    const lines = (await j.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ containerId: c.id, stream: "stdout" });
    expect(lines[0].text).toMatch(/^tick \d+$/);
    expect(lines[0].time).toMatch(/^\d{4}-/);
    expect((await req(w.tokens.other, "GET", `/api/v1/containers/${c.id}/logs`)).status).toBe(404);
  });

  it("REST: a whole service's recent lines, merged and named by replica", async () => {
    const r = await req(w.tokens.viewer, "GET", `/api/v1/services/${w.serviceId}/logs?tail=3&format=json`);
    expect(r.status).toBe(200);
    const lines = (await r.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
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
    const body = await eventually(
      "2 samples",
      async () => {
        const r = await (await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/stats?window=5m`)).json();
        return r.history?.length >= 2 ? r : null;
      },
      60_000,
      1000,
    );
    expect(body.latest).toMatchObject({
      cpuPercent: expect.any(Number),
      memoryBytes: expect.any(Number),
      netRx: expect.any(Number),
      blkRead: expect.any(Number),
    });
    expect(body.latest.memoryBytes).toBeGreaterThan(0);
    const hosts = await (await req(w.tokens.viewer, "GET", `/api/v1/environments/${w.envId}/host-stats`)).json();
    expect(hosts.items).toHaveLength(3);
    expect(hosts.items.reduce((a: number, h: { containers: number }) => a + h.containers, 0)).toBe(2);
    expect((await req(w.tokens.other, "GET", `/api/v1/containers/${c.id}/stats`)).status).toBe(404);
    const svc = await eventually(
      "service history",
      async () => {
        const r = await (await req(w.tokens.viewer, "GET", `/api/v1/services/${w.serviceId}/stats?window=5m`)).json();
        return r.history?.length >= 2 ? r : null;
      },
      30_000,
      1000,
    );
    expect(svc.replicas).toBe(2);
    expect(svc.latest.memoryBytes).toBeGreaterThan(0);
  });
});

describe("files", () => {
  const bytes = randomBytes(300 * 1024 + 17);

  it("uploads a single file then downloads the same bytes; lists the directory", async () => {
    await sh("mkdir -p /tmp/up");
    const put = await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp/up&name=blob.bin`, bytes, {
      "content-length": String(bytes.length),
    });
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
    const put = await req(
      w.tokens.member,
      "PUT",
      `/api/v1/containers/${c.id}/files?path=/tmp/up`,
      tar(rawEntry("site/", "", { type: "5" }), rawEntry("./site/index.html", "<h1>hi</h1>"), rawEntry("site/deep/a.txt", "A")),
      { "content-type": "application/x-tar" },
    );
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
      ["symlink then through it", tar(rawEntry("link", "", { type: "2", linkname: "/tmp/t23" }), rawEntry("link/via-link.txt", "x"))],
      ["hard link", tar(rawEntry("hl", "", { type: "1", linkname: "/etc/passwd" }))],
      ["pax path traversal", tar(paxEntry([["path", "../pax.txt"]]), rawEntry("innocent.txt", "x"))],
      ["gzip", Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes(2000)])],
    ];
    for (const [what, body] of cases) {
      const r = await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp/t23/in`, body, { "content-type": "application/x-tar" });
      expect(r.status, `${what}: ${await r.clone().text()}`).toBe(400);
    }
    for (const p of ["/tmp/t23/in/..", "/tmp/../etc", "tmp"]) {
      expect(
        (await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=${encodeURIComponent(p)}&name=x.txt`, "x", { "content-length": "1" })).status,
      ).toBe(400);
    }
    expect((await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp/t23/in&name=..`, "x", { "content-length": "1" })).status).toBe(400);
    const found = (
      await sh("find /tmp/t23 -name '*escape*' -o -name 'abs.txt' -o -name 'via-link.txt' -o -name 'pax.txt' -o -name hl -o -type l")
    ).stdout.trim();
    expect(found).toBe("");
    expect((await sh("ls /tmp/escape.txt /tmp/escape2.txt 2>/dev/null")).stdout.trim()).toBe("");
  });

  it("viewers and other tenants cannot touch files; the size limit applies", async () => {
    expect((await req(w.tokens.viewer, "GET", `/api/v1/containers/${c.id}/files?path=/tmp&list=1`)).status).toBe(403);
    expect((await req(w.tokens.other, "GET", `/api/v1/containers/${c.id}/files?path=/tmp&list=1`)).status).toBe(404);
    const big = await req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=/tmp&name=big`, "x", {
      "content-length": String(200 * 1024 * 1024),
    }).catch(() => null);
    expect(big === null || big.status === 400).toBe(true);
  });
});

describe("T35: crafted archives of issue 9 against a real container", () => {
  const ROOT = "/tmp/t35";
  const S_IFMT = 0o170000;
  const S_IFDIR = 0o040000;
  const S_IFREG = 0o100000;

  /** Every path under `dir` with its raw st_mode, listed by a non-TTY exec in the container. */
  async function tree(dir: string): Promise<{ path: string; mode: number }[]> {
    const r = await sh(`find "${dir}" -mindepth 1 -exec stat -c '%f|%n' {} \\;`);
    expect(r.exitCode, r.stdout).toBe(0);
    return r.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const i = l.indexOf("|");
        return { path: l.slice(i + 1), mode: parseInt(l.slice(0, i), 16) };
      });
  }
  const upload = (dir: string, body: Buffer) =>
    req(w.tokens.member, "PUT", `/api/v1/containers/${c.id}/files?path=${encodeURIComponent(dir)}`, body, { "content-type": "application/x-tar" });

  const before = rawEntry("before.txt", "written first, must not land");
  /** What issue 9 created in a container: a symlink to /, a device node, a setuid-root file, hidden in a directory's data. */
  const smuggled = tarOf(
    rawEntry("root", "", { type: "2", linkname: "/" }),
    rawEntry("null", "", { type: "3", devmajor: 1, devminor: 3 }),
    rawEntry("su", "#!/bin/sh\nid\n", { mode: 0o4755, uid: 0, gid: 0, uname: "root", gname: "root" }),
    rawEntry("root/tmp/pwned", "escaped"),
  );
  function* manyEntries(n: number) {
    for (let i = 0; i < n; i++) yield rawEntry(`f${i}`, "");
  }
  const refused: [string, Buffer, string | RegExp][] = [
    ["dir-with-data", tarOf(before, rawEntry("d/", smuggled, { type: "5" })), 'The directory entry "d/" declares data bytes; a directory entry must be empty.'],
    [
      "hard-link",
      tarOf(before, rawEntry("h", "", { type: "1", linkname: "/etc/passwd" })),
      'Links are not allowed in uploads ("h" → "/etc/passwd"); upload the file itself.',
    ],
    [
      "symlink-out",
      tarOf(before, rawEntry("root", "", { type: "2", linkname: "/" }), rawEntry("root/tmp/pwned", "x")),
      'Links are not allowed in uploads ("root" → "/"); upload the file itself.',
    ],
    [
      "char-device",
      tarOf(before, rawEntry("null", "", { type: "3", devmajor: 1, devminor: 3 })),
      'Only files and directories may be uploaded; "null" is a character device.',
    ],
    ["block-device", tarOf(before, rawEntry("sda", "", { type: "4", devmajor: 8 })), 'Only files and directories may be uploaded; "sda" is a block device.'],
    ["fifo", tarOf(before, rawEntry("fifo", "", { type: "6" })), 'Only files and directories may be uploaded; "fifo" is a FIFO.'],
    [
      "pax-linkpath",
      tarOf(before, paxEntry([["linkpath", "/"]]), rawEntry("l", "", { type: "2" })),
      'The archive uses the extended header "linkpath", which is not accepted.',
    ],
    ["100k-entries", Buffer.concat([before, ...manyEntries(100_000), Buffer.alloc(1024)]), "An upload may hold at most 10000 entries."],
    [
      "10GB-declared",
      Buffer.concat([before, rawHeader("huge.bin", 10 * 1024 ** 3), Buffer.alloc(64 * 1024)]),
      /^"huge\.bin" would take the upload past the limit of \d+ MiB\.$/,
    ],
    [
      "gzip",
      Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), randomBytes(4000)]),
      "Compressed archives (gzip) are not accepted: upload an uncompressed .tar.",
    ],
  ];

  it("each refused archive answers 400 with its reason and writes nothing, not even the entries before the bad one", async () => {
    await sh(`rm -rf ${ROOT} && mkdir -p ${refused.map(([name]) => `${ROOT}/${name}`).join(" ")}`);
    for (const [name, body, message] of refused) {
      const r = await upload(`${ROOT}/${name}`, body);
      const text = await r.text();
      expect(r.status, `${name}: ${text}`).toBe(400);
      const err = JSON.parse(text);
      if (typeof message === "string") expect(err.error.message, name).toBe(message);
      else expect(err.error.message, name).toMatch(message);
      expect(await tree(`${ROOT}/${name}`), name).toEqual([]);
    }
    // Nothing escaped either: no pwned file, / still a directory, no new links or devices in /tmp.
    expect((await sh("ls -d /tmp/pwned /pwned 2>/dev/null; find /tmp -maxdepth 2 \\( -type l -o -type c -o -type b -o -type p \\)")).stdout.trim()).toBe("");
  });

  it("setuid-root files and setgid/sticky directories are accepted as plain files and directories, bits and owners stripped", async () => {
    await sh(`rm -rf ${ROOT}/suid && mkdir -p ${ROOT}/suid`);
    const body = tarOf(
      rawEntry("bin/", "", { type: "5", mode: 0o2775, uid: 0, gid: 0 }),
      rawEntry("bin/su", "#!/bin/sh\nid\n", { mode: 0o4755, uid: 0, gid: 0, uname: "root", gname: "root" }),
      rawEntry("bin/sg", "x", { mode: 0o2755, uid: 0, gid: 0 }),
      rawEntry("shared/", "", { type: "5", mode: 0o1777 }),
      rawEntry("bin/other", "y", { mode: 0o644, uid: 4242, gid: 4242, uname: "mallory" }),
    );
    const r = await upload(`${ROOT}/suid`, body);
    expect(r.status, await r.clone().text()).toBe(200);
    expect(await r.json()).toMatchObject({ entries: 5, bytes: 15 });
    const got = Object.fromEntries((await tree(`${ROOT}/suid`)).map((e) => [e.path.slice(`${ROOT}/suid/`.length), e.mode]));
    expect(got).toEqual({ bin: S_IFDIR | 0o775, "bin/su": S_IFREG | 0o755, "bin/sg": S_IFREG | 0o755, "bin/other": S_IFREG | 0o644, shared: S_IFDIR | 0o777 });
    expect((await sh(`stat -c '%u:%g' ${ROOT}/suid/bin/other ${ROOT}/suid/bin/su`)).stdout.trim().split("\n")).toEqual(["0:0", "0:0"]);
  });

  it("after every attack, the container holds nothing but plain files and directories, none setuid, setgid or sticky", async () => {
    const all = await tree(ROOT);
    expect(all.length).toBeGreaterThan(0);
    const odd = all.filter((e) => ((e.mode & S_IFMT) !== S_IFDIR && (e.mode & S_IFMT) !== S_IFREG) || (e.mode & 0o7000) !== 0);
    expect(odd).toEqual([]);
  });

  it("downloads are rebuilt: links (in or out), FIFOs and hard-link repeats are not in the tar, setuid is stripped", async () => {
    await sh(
      `rm -rf /tmp/dl && mkdir -p /tmp/dl/sub && echo hi > /tmp/dl/a && chmod 4755 /tmp/dl/a && ln -s / /tmp/dl/root && ln -s a /tmp/dl/in && ln /tmp/dl/a /tmp/dl/hard && mkfifo /tmp/dl/fifo && echo b > /tmp/dl/sub/b`,
    );
    const d = await req(w.tokens.member, "GET", `/api/v1/containers/${c.id}/files?path=/tmp/dl`);
    expect(d.status).toBe(200);
    const entries = listTar(Buffer.from(await d.arrayBuffer()));
    expect(entries.every((e) => e.type === "0" || e.type === "5")).toBe(true);
    expect(entries.every((e) => (e.mode & 0o7000) === 0 && e.uid === 0 && e.gid === 0 && e.uname === "" && e.linkname === "")).toBe(true);
    const names = entries.map((e) => e.name).sort();
    expect(names.filter((n) => /(^|\/)(root|in|fifo)$/.test(n))).toEqual([]);
    expect(names).toContain("dl/sub/b");
    // The engine writes the second name of a hard-linked file as a link entry: it is dropped, so
    // exactly one of the two names carries the bytes.
    expect(names.filter((n) => n === "dl/a" || n === "dl/hard")).toHaveLength(1);
    expect(entries.find((e) => e.name === "dl/a" || e.name === "dl/hard")).toMatchObject({ mode: 0o755, body: Buffer.from("hi\n") });
    expect((await req(w.tokens.member, "GET", `/api/v1/containers/${c.id}/files?path=/tmp/dl/root`)).status).toBe(409);
    expect((await req(w.tokens.member, "GET", `/api/v1/containers/${c.id}/files?path=/tmp/dl/fifo`)).status).toBe(409);
    const one = await req(w.tokens.member, "GET", `/api/v1/containers/${c.id}/files?path=/tmp/dl/sub/b`);
    expect(await one.text()).toBe("b\n");
  });
});
