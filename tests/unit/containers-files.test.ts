// T23/T35 unit checks: path confinement; uploads and downloads rebuilt from parsed entries only,
// each crafted archive of issue 9 written as the attack and its exact outcome asserted; the spool;
// and small pure helpers of the containers feature.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { containerPath, entryName, fileName } from "@/lib/containers/paths";
import { firstFileBytes, packSingleFile, readTarFiles } from "@/lib/containers/tar";
import { MAX_ENTRIES, sanitizeDownload, sanitizeUpload } from "@/lib/containers/sanitize-tar";
import { createSpool } from "@/lib/containers/spool";
import { parseStatLines } from "@/lib/containers/container-files";
import { parseSince, lineReader } from "@/lib/containers/container-logs";
import { downsample } from "@/lib/stats/container-stats";
import { failureCode, hostUnreachable, notRunning } from "@/lib/containers/resolve-container";
import { AppError } from "@/lib/errors";
import { tarBlob } from "@/components/containers/browser-tar";
import { listTar, paxEntry, rawEntry, rawHeader, tarOf } from "../support/crafted-tar";

const MiB = 1024 * 1024;
async function* chunks(b: Buffer, size = 77) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
async function collect(g: AsyncIterable<Buffer>) {
  const out: Buffer[] = [];
  for await (const b of g) out.push(b);
  return Buffer.concat(out);
}
async function upload(archive: Buffer | AsyncIterable<Uint8Array>, maxBytes = 100 * MiB, maxEntries?: number) {
  const stats = { entries: 0, bytes: 0 };
  const out = await collect(sanitizeUpload(Buffer.isBuffer(archive) ? chunks(archive) : archive, { maxBytes, maxEntries }, stats));
  return { out, stats, entries: listTar(out) };
}
/** The refusal an upload ends with (fails the test if it is accepted). */
async function refusal(archive: Buffer | AsyncIterable<Uint8Array>, maxBytes?: number): Promise<AppError> {
  const e = await upload(archive, maxBytes).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "the upload was accepted").toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe("VALIDATION");
  return e as AppError;
}

/** What issue 9 smuggled: entries hidden in a directory entry's data bytes. */
const smuggled = tarOf(
  rawEntry("root", "", { type: "2", linkname: "/" }),
  rawEntry("null", "", { type: "3", devmajor: 1, devminor: 3 }),
  rawEntry("su", "#!/bin/sh\nid\n", { mode: 0o4755, uid: 0, gid: 0, uname: "root", gname: "root" }),
);

describe("paths", () => {
  it("normalizes container paths and refuses climbing", () => {
    expect(containerPath("/tmp//a/./b/")).toBe("/tmp/a/b");
    expect(containerPath("/")).toBe("/");
    for (const p of ["tmp", "/tmp/../etc", "/..", "", "/a\u0000b"]) expect(() => containerPath(p)).toThrow(AppError);
  });
  it("confines entry names and bounds their length", () => {
    expect(entryName("./a/b")).toBe("a/b");
    for (const n of ["../x", "a/../../x", "/etc/passwd", "C:\\x", "a\\..\\b", "x/..", "a/" + "s".repeat(256), "d/".repeat(2049)])
      expect(() => entryName(n), n).toThrow(AppError);
    expect(entryName("a/" + "s".repeat(255))).toBe("a/" + "s".repeat(255));
    expect(() => fileName("a/b")).toThrow(AppError);
    expect(() => fileName("..")).toThrow(AppError);
    expect(fileName("ok.txt")).toBe("ok.txt");
  });
});

describe("uploads are rebuilt from parsed entries (T23/T35)", () => {
  it("keeps files and directories; setuid/setgid/sticky and owners are stripped; long and non-ASCII names survive", async () => {
    const long = "d/" + "x".repeat(120) + "/f.txt";
    const { entries, stats } = await upload(
      tarOf(
        rawEntry("./", "", { type: "5" }),
        rawEntry("./dir/", "", { type: "5", mode: 0o3775, uid: 0, gname: "root" }),
        rawEntry("dir/su", "#!/bin/sh\n", { mode: 0o4755, uid: 0, gid: 0, uname: "root", gname: "root" }),
        rawEntry("dir/sticky", "", { type: "5", mode: 0o1777 }),
        paxEntry([
          ["path", long],
          ["mtime", "1.5"],
          ["SCHILY.xattr.security.capability", "\u0001cap"],
        ]),
        rawEntry("ignored", "L"),
        rawEntry("dir/été.txt", "ü", { type: "7" }),
      ),
    );
    expect(stats).toEqual({ entries: 5, bytes: 13 });
    expect(entries.map((e) => [e.name, e.type, e.mode, e.uid, e.gid, e.uname, e.gname, e.body.toString()])).toEqual([
      ["dir/", "5", 0o775, 0, 0, "", "", ""],
      ["dir/su", "0", 0o755, 0, 0, "", "", "#!/bin/sh\n"],
      ["dir/sticky/", "5", 0o777, 0, 0, "", "", ""],
      [long, "0", 0o644, 0, 0, "", "", "L"],
      ["dir/été.txt", "0", 0o644, 0, 0, "", "", "ü"],
    ]);
  });

  it("a folder upload built by the browser passes unchanged (names, types, bytes)", async () => {
    const file = (rel: string, body: string) =>
      Object.assign(new File([body], rel.split("/").pop()!, { lastModified: 1_700_000_000_000 }), { webkitRelativePath: rel });
    const deep = "site/" + "d".repeat(90) + "/" + "e".repeat(90) + "/page.html";
    const blob = tarBlob([file("site/index.html", "<h1>hi</h1>"), file(deep, "deep"), file("site/é.txt", "é")]);
    const { entries, stats } = await upload(Buffer.from(await blob.arrayBuffer()));
    expect(entries.map((e) => [e.name, e.type, e.body.toString()])).toEqual([
      ["site/", "5", ""],
      ["site/index.html", "0", "<h1>hi</h1>"],
      ["site/" + "d".repeat(90) + "/", "5", ""],
      ["site/" + "d".repeat(90) + "/" + "e".repeat(90) + "/", "5", ""],
      [deep, "0", "deep"],
      ["site/é.txt", "0", "é"],
    ]);
    expect(stats).toEqual({ entries: 6, bytes: 17 });
  });

  it("streams file data unchanged, across many chunks", async () => {
    const data = randomBytes(MiB + 123);
    const { entries } = await upload(chunks(tarOf(rawEntry("big.bin", data)), 4096));
    expect(entries).toHaveLength(1);
    expect(entries[0].body.equals(data)).toBe(true);
  });

  it("keeps backpressure with a slow consumer (no deadlock, bytes intact)", async () => {
    const data = randomBytes(2 * MiB);
    const out: Buffer[] = [];
    for await (const b of sanitizeUpload(
      chunks(tarOf(rawEntry("a.bin", data), rawEntry("b.bin", data.subarray(0, 1000))), 64 * 1024),
      { maxBytes: 100 * MiB },
      { entries: 0, bytes: 0 },
    )) {
      out.push(b);
      await new Promise((r) => setTimeout(r, 1));
    }
    const e = listTar(Buffer.concat(out));
    expect(e.map((x) => x.name)).toEqual(["a.bin", "b.bin"]);
    expect(e[0].body.equals(data)).toBe(true);
  });

  it("issue 9: a directory entry whose data bytes encode further entries is refused, not rewritten", async () => {
    const e = await refusal(tarOf(rawEntry("ok.txt", "fine"), rawEntry("d/", smuggled, { type: "5" }), rawEntry("after.txt", "x")));
    expect(e.message).toBe('The directory entry "d/" declares data bytes; a directory entry must be empty.');
    expect(e.details?.[0]).toMatchObject({ path: "archive", rule: "T35" });
  });

  it.each([
    [
      "a hard link",
      rawEntry("h", "", { type: "1", linkname: "/etc/passwd" }),
      'Links are not allowed in uploads ("h" → "/etc/passwd"); upload the file itself.',
    ],
    ["a symlink out to /", rawEntry("root", "", { type: "2", linkname: "/" }), 'Links are not allowed in uploads ("root" → "/"); upload the file itself.'],
    [
      "a symlink that stays inside",
      rawEntry("l", "", { type: "2", linkname: "a.txt" }),
      'Links are not allowed in uploads ("l" → "a.txt"); upload the file itself.',
    ],
    [
      "a character device",
      rawEntry("null", "", { type: "3", devmajor: 1, devminor: 3 }),
      'Only files and directories may be uploaded; "null" is a character device.',
    ],
    ["a block device", rawEntry("sda", "", { type: "4", devmajor: 8 }), 'Only files and directories may be uploaded; "sda" is a block device.'],
    ["a FIFO", rawEntry("f", "", { type: "6" }), 'Only files and directories may be uploaded; "f" is a FIFO.'],
    [
      "an old GNU sparse file",
      rawEntry("s", "x", { type: "S", magic: "gnu" }),
      '"s" has an entry type this portal does not accept; only files and directories may be uploaded.',
    ],
    [
      "a pax linkpath on a file",
      Buffer.concat([paxEntry([["linkpath", "/etc"]]), rawEntry("fine", "x")]),
      'The archive uses the extended header "linkpath", which is not accepted.',
    ],
    [
      "a pax sparse map",
      Buffer.concat([paxEntry([["GNU.sparse.map", "0,1"]]), rawEntry("fine", "x")]),
      'The archive uses the extended header "GNU.sparse.map", which is not accepted.',
    ],
    [
      "an unknown pax key",
      Buffer.concat([paxEntry([["VENDOR.trick", "1"]]), rawEntry("fine", "x")]),
      'The archive uses the extended header "VENDOR.trick", which is not accepted.',
    ],
    [
      "a GNU long link on a file",
      Buffer.concat([rawEntry("././@LongLink", "/etc/shadow\0", { type: "K", magic: "gnu" }), rawEntry("fine", "x", { magic: "gnu" })]),
      'Links are not allowed in uploads ("fine" → "/etc/shadow"); upload the file itself.',
    ],
    [
      "a setuid device under a harmless name",
      rawEntry("readme.txt", "", { type: "3", mode: 0o4777, uid: 0 }),
      'Only files and directories may be uploaded; "readme.txt" is a character device.',
    ],
  ])("refuses %s with its exact reason", async (_what, entry, message) => {
    const e = await refusal(tarOf(rawEntry("before.txt", "x"), entry));
    expect(e.message).toBe(message);
  });

  it.each([
    ["traversal", rawEntry("../x", "x"), /would leave the target directory/],
    ["nested traversal", rawEntry("a/../../x", "x"), /would leave the target directory/],
    ["absolute", rawEntry("/etc/x", "x"), /Absolute paths are not allowed/],
    ["pax path traversal", Buffer.concat([paxEntry([["path", "../../x"]]), rawEntry("fine", "x")]), /would leave the target directory/],
    [
      "pax global path traversal",
      Buffer.concat([paxEntry([["path", "../../g"]], true), paxEntry([["comment", "c"]]), rawEntry("fine", "x")]),
      /would leave the target directory/,
    ],
    [
      "GNU long name traversal",
      Buffer.concat([rawEntry("././@LongLink", "../../evil\0", { type: "L", magic: "gnu" }), rawEntry("fine", "x", { magic: "gnu" })]),
      /would leave the target directory/,
    ],
    ["a 300-byte name segment", Buffer.concat([paxEntry([["path", "a/" + "n".repeat(300)]]), rawEntry("fine", "x")]), /longer than 255 bytes/],
    ["a control character", rawEntry("a\nb", "x"), /control characters/],
  ])("refuses %s", async (_what, entry, message) => {
    expect((await refusal(tarOf(entry))).message).toMatch(message);
  });

  it("caps the entry count: 100,000 entries are refused after the cap, without reading the rest", async () => {
    expect(MAX_ENTRIES).toBe(10_000);
    let pulled = 0;
    async function* many() {
      for (let i = 0; i < 100_000; i++) {
        pulled++;
        yield rawEntry(`f${i}`, "");
      }
      yield Buffer.alloc(1024);
    }
    const e = await refusal(many());
    expect(e.message).toBe("An upload may hold at most 10000 entries.");
    expect(pulled).toBeLessThan(10_100);
  });

  it.each([
    ["in the header (base-256)", [rawHeader("huge", 10 * 1024 ** 3)]],
    ["in the header (octal, just under 8 GiB)", [rawHeader("huge", 0o77777777777)]],
    ["in a pax size record", [paxEntry([["size", String(10 * 1024 ** 3)]]), rawHeader("huge", 0)]],
  ])("refuses a 10 GB declared size %s before reading its data", async (_what, head) => {
    let dataPulled = 0;
    async function* source() {
      yield Buffer.concat(head);
      for (let i = 0; i < 10_000; i++) {
        dataPulled += 64 * 1024;
        yield Buffer.alloc(64 * 1024);
      }
    }
    const e = await refusal(source());
    expect(e.message).toBe('"huge" would take the upload past the limit of 100 MiB.');
    expect(dataPulled).toBeLessThanOrEqual(128 * 1024);
  });

  it("caps the total size across entries, refusing the entry that crosses it", async () => {
    const e = await refusal(tarOf(rawEntry("a", "x".repeat(600)), rawEntry("b", "y".repeat(600))), 1000);
    expect(e.message).toBe('"b" would take the upload past the limit of 0 MiB.');
    expect((await upload(tarOf(rawEntry("a", "x".repeat(600)), rawEntry("b", "y".repeat(400))), 1000)).stats).toEqual({ entries: 2, bytes: 1000 });
  });

  it.each([
    ["gzip", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0]],
    ["bzip2", [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41]],
    ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
    ["zstd", [0x28, 0xb5, 0x2f, 0xfd, 0, 0]],
    ["zip", [0x50, 0x4b, 0x03, 0x04, 0, 0]],
  ])("refuses %s archives with a clear message", async (kind, magic) => {
    const e = await refusal(Buffer.concat([Buffer.from(magic), randomBytes(3000)]));
    expect(e.message).toBe(`Compressed archives (${kind}) are not accepted: upload an uncompressed .tar.`);
  });

  it.each([
    [
      "a bad checksum",
      Buffer.concat([Buffer.alloc(512, 1), Buffer.alloc(1024)]),
      "The upload is not a valid uncompressed tar archive (a header checksum is wrong).",
    ],
    ["a v7 header (no magic)", tarOf(rawEntry("a", "x", { magic: "v7" })), "The upload is not a tar archive in a supported format (ustar, pax or GNU)."],
    ["a truncated entry", rawEntry("a", "x".repeat(2000)).subarray(0, 1000), "The tar archive is truncated."],
  ])("refuses %s", async (_what, archive, message) => {
    expect((await refusal(archive)).message).toBe(message);
  });

  it("a source error (the size limit of the body) is what the upload fails with", async () => {
    async function* body() {
      yield rawEntry("a", "x".repeat(4000)).subarray(0, 1024);
      throw new AppError("VALIDATION", "The upload is larger than the limit of 1 MiB.");
    }
    expect((await refusal(body())).message).toBe("The upload is larger than the limit of 1 MiB.");
  });

  it("an empty body is an empty archive", async () => {
    const { out, stats } = await upload(Buffer.alloc(0));
    expect(stats).toEqual({ entries: 0, bytes: 0 });
    expect(out.equals(Buffer.alloc(1024))).toBe(true);
  });
});

describe("single-file uploads", () => {
  it("packs exactly Content-Length bytes", async () => {
    const out = await collect(packSingleFile({ name: "a.bin", type: "file", size: 5, mode: 0o644, mtime: new Date(0) }, chunks(Buffer.from("hello"), 2)));
    expect(listTar(out).map((e) => [e.name, e.type, e.body.toString(), e.uid])).toEqual([["a.bin", "0", "hello", 0]]);
  });
  it.each([
    ["shorter", "hell", "The body is shorter than its Content-Length."],
    ["longer", "hello!", "The body is longer than its Content-Length."],
  ])("refuses a body %s than declared", async (_w, body, message) => {
    await expect(
      collect(packSingleFile({ name: "a.bin", type: "file", size: 5, mode: 0o644, mtime: new Date(0) }, chunks(Buffer.from(body), 2))),
    ).rejects.toThrow(message);
  });
});

describe("downloads are rebuilt too", () => {
  it("keeps files and directories only: links (in or out), devices and FIFOs are dropped, setuid and owners stripped", async () => {
    const engineTar = tarOf(
      rawEntry("site/", "", { type: "5", mode: 0o2755 }),
      rawEntry("site/index.html", "<h1>hi</h1>", { mode: 0o4755, uid: 0, uname: "root" }),
      rawEntry("site/out", "", { type: "2", linkname: "/" }),
      rawEntry("site/in", "", { type: "2", linkname: "index.html" }),
      rawEntry("site/hard", "", { type: "1", linkname: "site/index.html" }),
      rawEntry("site/null", "", { type: "3", devmajor: 1, devminor: 3 }),
      rawEntry("site/fifo", "", { type: "6" }),
      rawEntry("site/../../escape", "x"),
      rawEntry("site/a\\..\\b", "x"),
      rawEntry("site/deep/a.txt", "A"),
    );
    const out = listTar(await collect(sanitizeDownload(chunks(engineTar, 333))));
    expect(out.map((e) => [e.name, e.type, e.mode, e.uid, e.uname, e.linkname, e.body.toString()])).toEqual([
      ["site/", "5", 0o755, 0, "", "", ""],
      ["site/index.html", "0", 0o755, 0, "", "", "<h1>hi</h1>"],
      ["site/deep/a.txt", "0", 0o644, 0, "", "", "A"],
    ]);
  });

  it("ends with an error on a directory that declares data", async () => {
    await expect(collect(sanitizeDownload(chunks(tarOf(rawEntry("d/", smuggled, { type: "5" })))))).rejects.toThrow(/declares data bytes/);
  });

  it("a single file: its bytes; a link in first place: nothing", async () => {
    expect((await collect(firstFileBytes(chunks(tarOf(rawEntry("a", "abc"), rawEntry("b", "zzz")))))).toString()).toBe("abc");
    expect((await collect(firstFileBytes(chunks(tarOf(rawEntry("l", "", { type: "2", linkname: "/etc/shadow" }), rawEntry("b", "zzz")))))).length).toBe(0);
  });
});

describe("image tarballs (docker save) are read by the same parser", () => {
  it("keeps regular files by exact name; links (with or without data), devices and directories are skipped, not followed", async () => {
    const layer = randomBytes(40_000);
    const files = await readTarFiles(
      tarOf(
        rawEntry("blobs/", "", { type: "5" }),
        rawEntry("./blobs/sha256/aa", layer),
        rawEntry("manifest.json", '[{"Layers":["blobs/sha256/aa"]}]'),
        rawEntry("old/layer.tar", "", { type: "2", linkname: "../blobs/sha256/aa" }),
        rawEntry("withdata", "data of a symlink", { type: "2", linkname: "/etc/shadow" }),
        rawEntry("hard", "", { type: "1", linkname: "manifest.json" }),
        rawEntry("dev", "", { type: "3" }),
      ),
    );
    expect([...files.keys()].sort()).toEqual(["blobs/sha256/aa", "manifest.json"]);
    expect(files.get("blobs/sha256/aa")!.equals(layer)).toBe(true);
  });
  it("refuses more entries than the cap, and a corrupt archive, with user-safe messages", async () => {
    await expect(readTarFiles(tarOf(rawEntry("a", "1"), rawEntry("b", "2"), rawEntry("c", "3")), { maxEntries: 2 })).rejects.toThrow(
      "The archive holds more than 2 entries.",
    );
    await expect(readTarFiles(Buffer.concat([Buffer.alloc(512, 1), Buffer.alloc(1024)]))).rejects.toThrow(/header checksum is wrong/);
  });
});

describe("spool", () => {
  it("keeps small uploads in memory and larger ones in an unlinked 0600 file; content is unchanged", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spool-"));
    try {
      const small = await createSpool({ dir, memoryBytes: 1000 });
      await small.write(Buffer.from("abc"));
      expect((await collect(small.stream())).toString()).toBe("abc");
      await small.close();
      expect(fs.readdirSync(dir)).toEqual([]);

      const big = await createSpool({ dir: path.join(dir, "s"), memoryBytes: 1000 });
      const parts = [randomBytes(700), randomBytes(300 * 1024), randomBytes(5)];
      for (const p of parts) await big.write(p);
      expect(big.size).toBe(700 + 300 * 1024 + 5);
      expect(fs.statSync(path.join(dir, "s")).mode & 0o777).toBe(0o700);
      expect(fs.readdirSync(path.join(dir, "s"))).toEqual([]); // unlinked at once
      expect((await collect(big.stream())).equals(Buffer.concat(parts))).toBe(true);
      await big.close();
      await big.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("helpers", () => {
  it("parses stat listings", () => {
    const items = parseStatLines("41ed|4096|1700000000|etc\n81a4|12|1700000000|a file|with bar\n");
    expect(items[0]).toMatchObject({ name: "etc", type: "dir", mode: 0o755 });
    expect(items[1]).toMatchObject({ name: "a file|with bar", type: "file", size: 12, mode: 0o644 });
  });
  it("parses since", () => {
    expect(parseSince("10m", 1_000_000_000)).toBe(1_000_000 - 600);
    expect(parseSince("1700000000")).toBe(1700000000);
    expect(() => parseSince("yesterday")).toThrow(AppError);
  });
  it("splits log lines and their timestamps", () => {
    const got: string[] = [];
    const r = lineReader((l) => got.push(`${l.stream}|${l.time}|${l.text}`));
    r.push("stdout", Buffer.from("2026-01-01T00:00:00.1Z hel"));
    r.push("stdout", Buffer.from("lo\r\nno-ts"));
    r.flush();
    expect(got).toEqual(["stdout|2026-01-01T00:00:00.1Z|hello", "stdout|null|no-ts"]);
  });
  it("downsamples to at most n points keeping the last", () => {
    const d = downsample([...Array(1000).keys()], 10);
    expect(d).toHaveLength(10);
    expect(d[9]).toBe(999);
  });
  it("maps failures to the terminal protocol's codes", () => {
    expect(failureCode(notRunning())).toBe("NOT_RUNNING");
    expect(failureCode(hostUnreachable())).toBe("HOST_UNREACHABLE");
    expect(failureCode(new AppError("NOT_FOUND", "x"))).toBe("NOT_FOUND");
    expect(failureCode(new AppError("FORBIDDEN", "x"))).toBe("FORBIDDEN");
    expect(failureCode(new Error("boom"))).toBe("INTERNAL");
  });
});
