// Rancher catalog import, offline: layout and mapping (the per-version report), and the archive
// reader's refusals (T35): `..` and absolute paths, links, devices, oversize entries, too many
// entries — for tar.gz and zip. The reader never writes to disk; it refuses the archive whole.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AppError } from "@/lib/errors";
import { readArchive } from "@/lib/templates/safe-archive";
import { parseRancherCatalog } from "@/lib/templates/rancher-catalog";
import { rancherCatalog, tarGz, zipOf } from "../support/catalog-archive";

async function refusal(archive: Buffer): Promise<string> {
  try {
    await readArchive(archive);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("VALIDATION");
    return (e as AppError).message;
  }
  throw new Error("the archive was accepted");
}

describe("Rancher 1.x layout", () => {
  for (const [kind, build] of [
    ["tar.gz", tarGz],
    ["zip", zipOf],
  ] as const) {
    it(`imports one template with two versions from a ${kind}`, async () => {
      const [t, ...rest] = parseRancherCatalog(await readArchive(build(rancherCatalog())));
      expect(rest).toEqual([]);
      expect(t).toMatchObject({ name: "Webby", category: "Web server", description: "A tiny web page", readme: expect.stringContaining("Serves one page") });
      expect(t.icon).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(t.versions.map((v) => [v.version, v.ordinal, v.upgradeFrom])).toEqual([
        ["1.0.0", 0, ""],
        ["2.0.0", 1, ">=1.0.0 <2.0.0"],
      ]);
      const [v1, v2] = t.versions;
      expect(v1.questions.map((q) => q.type)).toEqual(["string", "multiline", "int", "boolean", "enum", "password", "service", "certificate"]);
      expect(v2.questions.map((q) => q.variable)).toContain("GREETING");
      // mapped: scale, health_check; ignored: io.rancher.* labels, retain_ip, minimum_rancher_version
      const [r1, r2] = t.report;
      expect(r1.status).toBe("imported");
      expect(r1.mapped.join("\n")).toContain("web.scale");
      expect(r1.ignored.join("\n")).toMatch(/io\.rancher\.container\.pull_image/);
      expect(r1.ignored.join("\n")).toMatch(/retain_ip/);
      expect(r1.ignored.join("\n")).toMatch(/minimum_rancher_version/);
      expect(r2.mapped.join("\n")).toContain("health_check");
      const c1 = parse(v1.compose);
      expect(c1.services.web.labels).toEqual({ "app.kind": "demo" });
      expect(c1.services.web.scale).toBe(1);
      expect(parse(v2.compose).services.web.healthcheck).toMatchObject({ test: ["CMD-SHELL", expect.stringContaining("http://127.0.0.1:80/")], retries: 3 });
    });
  }

  it("refuses a version whose template uses Go template logic, keeping the others", () => {
    const files = new Map(rancherCatalog().map((e) => [e.name, Buffer.from(e.data as string)]));
    files.set("templates/webby/1/docker-compose.yml.tpl", Buffer.from("services:\n{{- if .Values.X }}\n  a: {}\n{{- end }}\n"));
    const [t] = parseRancherCatalog(files);
    expect(t.versions.map((v) => v.version)).toEqual(["1.0.0"]);
    expect(t.report[1]).toMatchObject({ status: "refused", refused: [expect.stringMatching(/Go template/)] });
  });
});

describe("hostile archives are refused whole (T35)", () => {
  const ok = { name: "templates/x/config.yml", data: "name: x\n" };
  it("`..` and absolute paths", async () => {
    expect(await refusal(tarGz([ok, { name: "templates/../../etc/passwd", data: "x" }]))).toMatch(/outside the archive/);
    expect(await refusal(tarGz([ok, { name: "/etc/passwd", data: "x" }]))).toMatch(/absolute/);
    expect(await refusal(zipOf([ok, { name: "../evil", data: "x" }]))).toMatch(/outside|invalid|could not be read/);
  });
  it("symlinks, hard links and devices", async () => {
    expect(await refusal(tarGz([ok, { name: "templates/x/link", tar: { type: "2", linkname: "/etc/shadow" } }]))).toMatch(/symlink|only regular/);
    expect(await refusal(tarGz([ok, { name: "templates/x/hard", tar: { type: "1", linkname: "templates/x/config.yml" } }]))).toMatch(/only regular/);
    expect(await refusal(tarGz([ok, { name: "templates/x/dev", tar: { type: "3", devmajor: 1, devminor: 3 } }]))).toMatch(/only regular/);
    expect(await refusal(zipOf([ok, { name: "templates/x/link", data: "/etc/shadow", zipMode: 0o120777 }]))).toMatch(/link or special/);
  });
  it("a 100 MB file", { timeout: 60_000 }, async () => {
    const big = Buffer.alloc(100 * 1024 * 1024);
    expect(await refusal(tarGz([ok, { name: "templates/x/big.bin", data: big }]))).toMatch(/larger than 1 MiB/);
  });
  it("10,000 entries", { timeout: 60_000 }, async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ name: `templates/x/f${i}`, data: "x" }));
    expect(await refusal(tarGz([ok, ...many]))).toMatch(/more than 2000 entries/);
    expect(await refusal(zipOf([ok, ...many]))).toMatch(/more than 2000 entries/);
  });
  it("not an archive", async () => {
    expect(await refusal(Buffer.from("hello"))).toMatch(/could not be read/);
  });
});
