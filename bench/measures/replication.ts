// Replication between two regions' registries (issue 17: "replication lag for a 50 MB image between
// two local registries, reported as a ratio to a raw blob copy between them"). Two Distribution
// registries (Debian docker-registry, no auth, free loopback ports, own storage under /tmp, stopped
// at the end) stand for regions A and B. An image of one 50 MB random layer (5 MB with --quick) is
// pushed into A; then, alternately, the replication loop's copy step (lib/replication copyImage:
// manifest, config and layer by digest, the tag last) copies it into a fresh repository of B, and a
// raw copy streams the same layer blob from A into another fresh repository of B with plain fetch
// (GET → POST upload → PUT ?digest). The queue's own overhead (a notification's row, the loop woken at
// once) is a few database statements, not measured here.
import { copyImage, RegistryApi, systemClock } from "@/lib/replication";
import { ensureRegistryBinary, pushImage, startRegistry, tempDir, type TestRegistry } from "../../tests/support/distribution";
import { BenchError, now, stats, type Row } from "../support";

export const REPLICATION_ROWS = ["replication-copy"] as const;

export interface ReplicationContext {
  quick: boolean;
  log(msg: string): void;
  onCleanup(what: string, fn: () => Promise<unknown>): void;
}

async function rawBlobCopy(a: TestRegistry, b: TestRegistry, fromRepo: string, toRepo: string, digest: string): Promise<void> {
  const src = await fetch(`${a.url}/v2/${fromRepo}/blobs/${digest}`);
  if (!src.ok || !src.body) throw new BenchError(`raw copy: GET blob ${src.status}`);
  const start = await fetch(`${b.url}/v2/${toRepo}/blobs/uploads/`, { method: "POST" });
  if (start.status !== 202) throw new BenchError(`raw copy: POST upload ${start.status}`);
  const loc = new URL(start.headers.get("location")!, b.url);
  loc.searchParams.set("digest", digest);
  const put = await fetch(loc, {
    method: "PUT",
    headers: { "content-type": "application/octet-stream", "content-length": src.headers.get("content-length") ?? "" },
    body: src.body,
    duplex: "half",
  } as RequestInit);
  if (put.status !== 201) throw new BenchError(`raw copy: PUT blob ${put.status} ${await put.text()}`);
}

export async function measureReplication(ctx: ReplicationContext): Promise<Row[]> {
  const mb = ctx.quick ? 5 : 50;
  const rounds = ctx.quick ? 2 : 5;
  await ensureRegistryBinary();
  const dir = tempDir("caas-bench-replication-");
  const a = await startRegistry(dir, "region-a", { kind: "none" });
  ctx.onCleanup("registry region-a", () => a.stop());
  const b = await startRegistry(dir, "region-b", { kind: "none" });
  ctx.onCleanup("registry region-b", () => b.stop());
  ctx.log(`replication: pushing a ${mb} MB image into region A`);
  const image = await pushImage(a, "bench/big", "1", { arch: "amd64", layers: [mb * 1024 * 1024] });
  const layer = image.blobs[1];
  const apiA = new RegistryApi({ url: a.url, name: "region-a" }, { fetch, clock: systemClock });
  const apiB = new RegistryApi({ url: b.url, name: "region-b" }, { fetch, clock: systemClock });
  const copyT: number[] = [];
  const rawT: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t0 = now();
    const report = await copyImage(
      { api: apiA, repository: "bench/big", reference: image.digest },
      { api: apiB, repository: `bench/copy${i}`, tag: "1" },
      { clock: systemClock },
    );
    copyT.push(now() - t0);
    if (report.status !== "copied" || report.bytesUploaded < mb * 1024 * 1024) throw new BenchError(`copy ${i}: ${JSON.stringify(report)}`);
    t0 = now();
    await rawBlobCopy(a, b, "bench/big", `bench/raw${i}`, layer);
    rawT.push(now() - t0);
  }
  const c = stats(copyT);
  const r = stats(rawT);
  const ratio = c.p50 / r.p50;
  return [
    {
      id: "replication-copy",
      measure: `replication of a ${mb} MB image between two registries (copy step)`,
      unit: "ms",
      raw: r.p50,
      portal: c.p50,
      compare: "ratio",
      compared: ratio,
      target: "≤ 1.2× a raw blob copy",
      verdict: ratio <= 1.2 ? "PASS" : "FAIL",
      note: `p50 of ${rounds}; raw = the layer blob alone streamed A → B with fetch; copy = manifest, config and layer by digest, tag last`,
      samples: { portal: copyT, raw: rawT },
    },
  ];
}
