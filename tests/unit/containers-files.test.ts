// T23 unit checks: path confinement, upload re-building (links, traversal, pax/GNU names), the tar
// reader; and small pure helpers of the containers feature.
import { describe, expect, it } from "vitest";
import { containerPath, entryName, fileName } from "@/lib/containers/paths";
import { readTar, tarHeader, tarPadding, TAR_END } from "@/lib/containers/tar";
import { sanitizeTar } from "@/lib/containers/sanitize-tar";
import { parseStatLines } from "@/lib/containers/container-files";
import { parseSince, lineReader } from "@/lib/containers/container-logs";
import { downsample } from "@/lib/stats/container-stats";
import { failureCode, hostUnreachable, notRunning } from "@/lib/containers/resolve-container";
import { AppError } from "@/lib/errors";

function raw(name: string, body: string, type = "0", linkname = ""): Buffer {
  const data = Buffer.from(body);
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write("0004755\0", 100);
  h.write(data.length.toString(8).padStart(11, "0") + "\0", 124);
  h.write("00000000000\0", 136);
  h.write(type, 156);
  h.write(linkname, 157, 100);
  h.write("ustar\0", 257);
  h.fill(32, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return Buffer.concat([h, data, tarPadding(data.length)]);
}
const pax = (kv: string) => {
  let len = kv.length + 3;
  while (`${len} ${kv}\n`.length !== len) len = `${len} ${kv}\n`.length;
  return `${len} ${kv}\n`;
};
async function* chunks(b: Buffer, size = 100) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
async function rebuild(archive: Buffer) {
  const stats = { entries: 0, bytes: 0 };
  const out: Buffer[] = [];
  for await (const b of sanitizeTar(readTar(chunks(archive, 77)), stats)) out.push(b);
  return { out: Buffer.concat(out), stats };
}
async function entries(archive: Buffer) {
  const names: { name: string; type: string; mode: number; body: string }[] = [];
  for await (const ev of readTar(chunks(archive))) {
    if (ev.kind === "entry") names.push({ name: ev.header.name, type: ev.header.type, mode: ev.header.mode, body: "" });
    if (ev.kind === "data") names[names.length - 1].body += ev.chunk.toString();
  }
  return names;
}
const tar = (...e: Buffer[]) => Buffer.concat([...e, TAR_END]);

describe("paths", () => {
  it("normalizes container paths and refuses climbing", () => {
    expect(containerPath("/tmp//a/./b/")).toBe("/tmp/a/b");
    expect(containerPath("/")).toBe("/");
    for (const p of ["tmp", "/tmp/../etc", "/..", "", "/a\u0000b"]) expect(() => containerPath(p)).toThrow(AppError);
  });
  it("confines entry names", () => {
    expect(entryName("./a/b")).toBe("a/b");
    for (const n of ["../x", "a/../../x", "/etc/passwd", "C:\\x", "a\\..\\b", "x/.."]) expect(() => entryName(n), n).toThrow(AppError);
    expect(() => fileName("a/b")).toThrow(AppError);
    expect(() => fileName("..")).toThrow(AppError);
    expect(fileName("ok.txt")).toBe("ok.txt");
  });
});

describe("upload re-building (T23)", () => {
  it("keeps files and directories, strips setuid and owners, long names survive via ustar prefix", async () => {
    const long = "d/" + "x".repeat(120) + "/f.txt";
    const { out, stats } = await rebuild(tar(raw("./dir/", "", "5"), raw("dir/a.txt", "hello"), raw("PaxHeader", pax(`path=${long}`), "x"), raw("ignored", "L")));
    expect(stats).toEqual({ entries: 3, bytes: 6 });
    const e = await entries(out);
    expect(e.map((x) => [x.name, x.type, x.body])).toEqual([["dir", "dir", ""], ["dir/a.txt", "file", "hello"], [long, "file", "L"]]);
    expect(e[1].mode).toBe(0o755);
  });
  it.each([
    ["traversal", tar(raw("../x", "x"))],
    ["nested traversal", tar(raw("a/../../x", "x"))],
    ["absolute", tar(raw("/etc/x", "x"))],
    ["symlink", tar(raw("l", "", "2", "/etc"))],
    ["hard link", tar(raw("h", "", "1", "/etc/passwd"))],
    ["fifo", tar(raw("f", "", "6"))],
    ["pax traversal", tar(raw("p", pax("path=../../x"), "x"), raw("fine", "x"))],
    ["pax linkpath", tar(raw("p", pax("linkpath=/etc"), "x"), raw("fine", "x"))],
    ["GNU long name traversal", tar(raw("././@LongLink", "../../evil\0", "L"), raw("fine", "x"))],
    ["bad checksum", Buffer.concat([Buffer.alloc(512, 1), TAR_END])],
  ])("refuses %s", async (_what, archive) => {
    await expect(rebuild(archive)).rejects.toBeInstanceOf(AppError);
  });
  it("refuses a truncated archive", async () => {
    const t = raw("a", "x".repeat(2000));
    await expect(rebuild(t.subarray(0, 1000))).rejects.toThrow(/truncated/);
  });
  it("writes valid headers", async () => {
    const h = tarHeader({ name: "a.txt", size: 3, mode: 0o4777, mtime: 0, type: "file" });
    const e = await entries(Buffer.concat([h, Buffer.from("abc"), tarPadding(3), TAR_END]));
    expect(e).toEqual([{ name: "a.txt", type: "file", mode: 0o777, body: "abc" }]);
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
