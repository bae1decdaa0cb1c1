// lib/docker + lib/orchestrator against the real multi-host lab (scripts/lab/up.sh): three engines
// h1..h3 form a swarm, an app of two services is deployed across them, reached from outside
// (host-mode port) and inside (service DNS on the app's overlay network), scaled, broken on
// purpose and removed. Needs the lab: fails (never skips) when its engines do not answer.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeEngines, engineFor, isUnreachable, type Engine, type EngineEvent } from "@/lib/docker";
import {
  LABEL,
  deployApp,
  initSwarm,
  joinSwarm,
  listAppObjects,
  observeApp,
  promoteToManager,
  removeApp,
  removeAppVolumes,
  scaleService,
  waitForConvergence,
  type DeployPlan,
} from "@/lib/orchestrator";
import { PLATFORM_LIMITS, applyEnvironmentDefaults, validatePolicy, type ServiceSpec } from "@/lib/compose";
import { LAB_HOSTS } from "../support/lab";

const HOSTS = LAB_HOSTS.map((h) => ({ name: h.dir, addr: h.ip }));
const IMAGE = "lab/busybox:latest";
const TENANT = "tenant-it";
const WEB_PORT = 30080;
const RUN = Date.now().toString(36);
const APP_ID = `it${RUN}`;
const BROKEN_APP_ID = `it${RUN}x`;
const timings: Record<string, number> = {};

const engines: Engine[] = HOSTS.map((h) => engineFor({ endpoint: `tcp://${h.addr}:2375` }, { timeoutMs: 5_000 }));
const manager = engines[0];
const engineAt = (addr: string) => engines[HOSTS.findIndex((h) => h.addr === addr)];

function service(p: Partial<ServiceSpec> & { name: string }): ServiceSpec {
  return {
    image: IMAGE,
    environment: {},
    labels: {},
    replicas: 1,
    ports: [],
    mounts: [],
    links: [],
    dependsOn: [],
    resources: {},
    restart: { condition: "any", delayMs: 1_000 },
    update: { parallelism: 0 },
    privileged: false,
    capAdd: [],
    capDrop: [],
    devices: [],
    securityOpt: [],
    sysctls: {},
    secrets: [],
    configs: [],
    refused: [],
    ...p,
  };
}

function plan(appId: string, services: ServiceSpec[]): DeployPlan {
  return {
    tenantId: TENANT,
    environmentId: "env-it",
    appId,
    appName: `app-${appId}`,
    revisionId: `rev-${RUN}`,
    // The driver builds only what the policy checked (issue 9): the same defaults and rules as the portal.
    app: validatePolicy(
      applyEnvironmentDefaults(
        {
          services,
          volumes: [...new Set(services.flatMap((s) => s.mounts.flatMap((m) => (m.type === "volume" && m.source ? [m.source] : []))))].map((name) => ({
            name,
            driverOpts: {},
          })),
          secrets: [],
          configs: [],
          refused: [],
          warnings: [],
        },
        { cpus: 0.5, memoryMb: 256 },
      ),
      { bindAllowList: [], portRange: { from: 30000, to: 32767 }, limits: PLATFORM_LIMITS, publishing: { endpointMode: "dnsrr", publishMode: "host" } },
    ),
  };
}

const webAndClient = () =>
  plan(APP_ID, [
    service({
      name: "web",
      replicas: 3,
      // each replica serves its own hostname, so answers show which task replied
      command: ["sh", "-c", "hostname > /var/www/index.html; exec httpd -f -p 80 -h /var/www"],
      ports: [{ target: 80, published: WEB_PORT, protocol: "tcp" }],
    }),
    service({
      name: "client",
      command: ["sleep", "1d"],
      links: [{ service: "web", alias: "www" }],
      mounts: [{ type: "volume", source: "data", target: "/data", readOnly: false }],
    }),
  ]);

function httpGet(host: string, port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: "/", timeout: 3_000 }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`GET http://${host}:${port}/ timed out`)));
    req.on("error", reject);
  });
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
}

/** A one-file tar archive (ustar), enough for putArchive. */
function tarOf(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
  h.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, "0")}\0`,
    136,
  );
  h.write("        ", 148);
  h.write("0", 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad, Buffer.alloc(1024)]);
}

/** Content of the first file in a tar stream. */
async function firstFileOfTar(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  const tar = Buffer.concat(chunks);
  const size = parseInt(tar.subarray(124, 136).toString().replace(/\0.*$/, "").trim(), 8);
  return tar.subarray(512, 512 + size).toString();
}

async function leaveSwarmEverywhere() {
  for (const e of [...engines].reverse()) {
    await e.swarmLeave({ force: true }).catch((err: unknown) => {
      if (isUnreachable(err)) throw err; // "not part of a swarm" is fine; a dead host is not
    });
  }
}

/** Reuse a complete lab swarm (h1 manager, h2/h3 ready workers) or build a fresh one. */
async function ensureSwarm(): Promise<"reused" | "created"> {
  const infos = await Promise.all(engines.map((e) => e.info()));
  if (infos[0].swarm.isManager && infos.every((i) => i.swarm.state === "active")) {
    const nodes = await manager.listNodes();
    const ready = new Set(nodes.filter((n) => n.state === "ready").map((n) => n.id));
    if (nodes.length === 3 && infos.every((i) => i.swarm.nodeId && ready.has(i.swarm.nodeId))) {
      // apps an interrupted earlier run left behind would hold the test's host port
      const left = await listAppObjects(manager, { tenant: TENANT });
      for (const appId of new Set([...left.services, ...left.networks].map((o) => o.claims.app!))) await removeApp(manager, appId);
      return "reused";
    }
  }
  await leaveSwarmEverywhere();
  const t0 = Date.now();
  const id = await initSwarm(manager, { advertiseAddr: HOSTS[0].addr, defaultAddrPool: ["10.78.0.0/16"] });
  await Promise.all([1, 2].map((i) => joinSwarm(engines[i], { managerAddr: HOSTS[0].addr, token: id.joinTokens.worker, advertiseAddr: HOSTS[i].addr })));
  timings["swarm init + 2 joins"] = Date.now() - t0;
  return "created";
}

describe("engine lab: swarm driver end to end", () => {
  beforeAll(async () => {
    const down: string[] = [];
    await Promise.all(
      engines.map((e) =>
        e.ping().catch((err: unknown) => {
          down.push(err instanceof Error ? err.message : String(err));
        }),
      ),
    );
    if (down.length > 0) {
      throw new Error(`The engine lab does not answer; start it with \`npm run lab:up\` (scripts/lab/up.sh).\n${down.join("\n")}`);
    }
    await ensureSwarm();
  });

  afterAll(async () => {
    try {
      await removeApp(manager, BROKEN_APP_ID).catch(() => undefined);
      await removeApp(manager, APP_ID).catch(() => undefined);
      await leaveSwarmEverywhere().catch(() => undefined);
    } finally {
      closeEngines();
      console.log("engine-swarm timings (ms):", JSON.stringify(timings));
    }
  });

  it("talks to the three engines, each with its own identity", async () => {
    const infos = await Promise.all(engines.map((e) => e.info()));
    expect(infos.map((i) => i.name)).toEqual(HOSTS.map((h) => h.name));
    expect(new Set(infos.map((i) => i.id)).size).toBe(3);
    expect((await manager.version()).apiVersion).toBe("1.41");
    await expect(manager.inspectContainer("no-such-container")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining(`Engine tcp://${HOSTS[0].addr}:2375: inspect container failed: No such container`),
    });
  });

  it("has a swarm of h1 (manager) and h2, h3 (workers) with a 1 s heartbeat", async () => {
    const nodes = await manager.listNodes();
    expect(nodes.map((n) => `${n.hostname}:${n.role}:${n.state}`).sort()).toEqual([
      `${HOSTS[0].name}:manager:ready`,
      `${HOSTS[1].name}:worker:ready`,
      `${HOSTS[2].name}:worker:ready`,
    ]);
    const swarm = await manager.swarmInspect();
    expect(swarm.heartbeatPeriodMs).toBe(1000);
    expect(swarm.defaultAddrPool).toEqual(["10.78.0.0/16"]);
  });

  it("deploys web (3 replicas, host port) and client across the hosts and converges", async () => {
    const events = await manager.events({ filters: { type: ["service"] } });
    const t0 = Date.now();
    const result = await deployApp(manager, webAndClient());
    const converged = await waitForConvergence(manager, APP_ID, { timeoutMs: 60_000, expectServices: ["web", "client"] });
    timings["2-service convergence"] = Date.now() - t0;
    expect(converged.ok ? "converged" : converged.reason).toBe("converged");

    const seen: EngineEvent[] = [];
    setTimeout(() => events.stop(), 5_000).unref(); // the events were subscribed before the deploy
    for await (const e of events) {
      if (e.action === "create") seen.push(e);
      if (seen.length === 2) break; // for-await's break stops the stream
    }
    expect(seen.map((e) => e.attributes.name).sort()).toEqual([`caas-${APP_ID}-client`, `caas-${APP_ID}-web`]);
    expect(Object.keys(result.services).sort()).toEqual(["client", "web"]);

    const obs = await observeApp(manager, APP_ID);
    const web = obs.services.find((s) => s.name === "web");
    expect(web).toMatchObject({ desired: 3, running: 3 });
    const webNodes = new Set(web!.tasks.filter((t) => t.state === "running").map((t) => t.nodeId));
    expect(webNodes.size).toBe(3); // spread: one replica per host
    const net = await manager.inspectNetwork(result.networkId);
    expect(net).toMatchObject({ driver: "overlay", attachable: true });
    expect(net.labels[LABEL.app]).toBe(APP_ID);
  });

  it("serves the host-mode published port on every host, from the root netns", async () => {
    const bodies = new Set<string>();
    for (const h of HOSTS) {
      const r = await eventually(`GET ${h.addr}:${WEB_PORT}`, () => httpGet(h.addr, WEB_PORT));
      expect(r.status).toBe(200);
      bodies.add(r.body.trim());
    }
    expect(bodies.size).toBe(3); // three different replicas answered
  });

  it("lets client reach web by name across hosts (exec in client's container on its own host)", async () => {
    const obs = await observeApp(manager, APP_ID);
    const task = obs.services.find((s) => s.name === "client")!.tasks.find((t) => t.state === "running")!;
    const node = await manager.inspectNode(task.nodeId!);
    const host = engineAt(node.addr);
    const script = [
      "for ip in $(nslookup web 127.0.0.11 | awk '/^Address: 10\\.78/{print $2}'); do timeout 3 wget -qO- http://$ip/; done",
      "echo by-name: $(timeout 3 wget -qO- http://web/)",
      "echo by-link: $(timeout 3 wget -qO- http://www/)",
    ].join("; ");
    // Overlay DNS learns new tasks asynchronously, shortly after they run: allow a few seconds.
    let out = { stdout: "", stderr: "", exitCode: null as number | null };
    let lines: string[] = [];
    for (let attempt = 0; attempt < 15; attempt++) {
      out = await (await host.containerExec(task.containerId!, { cmd: ["sh", "-c", script] })).collect();
      lines = out.stdout.trim().split("\n");
      if (out.exitCode === 0 && new Set(lines.slice(0, -2)).size === 3 && /^by-name: \S+/.test(lines.at(-2) ?? "") && /^by-link: \S+/.test(lines.at(-1) ?? ""))
        break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(out.exitCode).toBe(0);
    expect(new Set(lines.slice(0, -2)).size).toBe(3); // every web task, two of them on other hosts
    expect(lines.at(-2)).toMatch(/^by-name: \S+/);
    expect(lines.at(-1)).toMatch(/^by-link: \S+/);

    // interactive terminal: TTY, resize, exit code
    const tty = await host.containerExec(task.containerId!, { cmd: ["sh"], tty: true, stdin: true, size: { rows: 40, cols: 120 } });
    let screen = "";
    tty.stream.on("data", (c: Buffer) => (screen += c.toString()));
    tty.stream.write("stty size; exit 7\n");
    await tty.finished;
    expect(screen).toContain("40 120");
    expect((await tty.inspect()).exitCode).toBe(7);
  });

  it("copies files in and out, commits, reads stats and logs of a task container", async () => {
    const obs = await observeApp(manager, APP_ID);
    const task = obs.services.find((s) => s.name === "client")!.tasks.find((t) => t.state === "running")!;
    const host = engineAt((await manager.inspectNode(task.nodeId!)).addr);
    const cid = task.containerId!;
    await host.putArchive(cid, "/tmp", tarOf("hello.txt", "hello from the test\n"));
    const { stat, stream } = await host.getArchive(cid, "/tmp/hello.txt");
    expect(stat.name).toBe("hello.txt");
    expect(await firstFileOfTar(stream)).toBe("hello from the test\n");

    const imageId = await host.commitContainer(cid, { repo: "lab/snapshot", tag: RUN, labels: { "lab.test": "yes" } });
    const img = await host.inspectImage(`lab/snapshot:${RUN}`);
    expect(img.id).toBe(imageId);
    expect(img.labels["lab.test"]).toBe("yes");
    await host.removeImage(`lab/snapshot:${RUN}`);

    const imported = await host.importImage(tarOf("hello.txt", "imported\n"), { repo: "lab/imported", tag: RUN, changes: ['CMD ["/hello.txt"]'] });
    expect((await host.inspectImage(`lab/imported:${RUN}`)).id).toBe(imported);
    await host.removeImage(`lab/imported:${RUN}`);
    await expect(host.inspectImage(`lab/imported:${RUN}`)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const stats = await host.containerStats(cid);
    expect(stats.pids).toBeGreaterThan(0);
    const details = await host.inspectContainer(cid);
    expect(details.config.labels[LABEL.app]).toBe(APP_ID);
    // the named volume is app-scoped on the engine
    expect(details.mounts.find((m) => m.destination === "/data")?.name).toBe(`caas_${APP_ID}_data`);
    const [vol] = await host.listVolumes({ name: [`caas_${APP_ID}_data`] });
    expect(vol.labels[LABEL.app]).toBe(APP_ID);

    const logExec = await host.containerExec(cid, { cmd: ["sh", "-c", "echo to-stderr >&2; echo to-stdout"] });
    expect(await logExec.collect()).toMatchObject({ stdout: "to-stdout\n", stderr: "to-stderr\n", exitCode: 0 });
    const logs = await host.containerLogs(cid, { tail: "all" });
    for await (const _ of logs) {
      /* sleep writes nothing: the stream just has to end */
    }
  });

  it("scales web to 1 and back to 3", async () => {
    const converge = async () => {
      const r = await waitForConvergence(manager, APP_ID, { timeoutMs: 30_000 });
      return r.ok ? "converged" : r.reason;
    };
    const web = (await observeApp(manager, APP_ID)).services.find((s) => s.name === "web")!;
    let t0 = Date.now();
    await scaleService(manager, web.serviceId, 1);
    expect(await converge()).toBe("converged");
    timings["scale 3→1"] = Date.now() - t0;
    expect((await observeApp(manager, APP_ID)).services.find((s) => s.name === "web")).toMatchObject({ desired: 1, running: 1 });

    t0 = Date.now();
    await scaleService(manager, web.serviceId, 3);
    expect(await converge()).toBe("converged");
    timings["scale 1→3"] = Date.now() - t0;
    expect((await observeApp(manager, APP_ID)).services.find((s) => s.name === "web")).toMatchObject({ desired: 3, running: 3 });
  });

  it("reports why a deploy cannot converge (missing image)", async () => {
    await deployApp(manager, plan(BROKEN_APP_ID, [service({ name: "nope", image: "lab/nope:1", command: ["sleep", "1d"] })]));
    const r = await waitForConvergence(manager, BROKEN_APP_ID, { timeoutMs: 30_000 });
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.reason).toContain("lab/nope:1");
    await removeApp(manager, BROKEN_APP_ID);
  });

  it("removes the app and leaves no labelled services, networks or containers", async () => {
    const removed = await removeApp(manager, APP_ID);
    expect(removed.removedServices.sort()).toEqual([`caas-${APP_ID}-client`, `caas-${APP_ID}-web`]);
    const objects = await listAppObjects(manager, { app: APP_ID });
    expect(objects).toEqual({ services: [], networks: [] });
    for (const e of engines) {
      await eventually(`containers of ${APP_ID} gone on ${e.endpoint}`, async () => {
        const left = await e.listContainers({ all: true, filters: { label: [`${LABEL.app}=${APP_ID}`] } });
        return left.length === 0 ? true : undefined;
      });
    }
    expect(await removeAppVolumes(engines, APP_ID)).toHaveLength(1);
    for (const e of engines) expect(await e.listVolumes({ label: [`${LABEL.app}=${APP_ID}`] })).toEqual([]);
  });

  it("drains, reactivates and removes a node", async () => {
    const h3 = engines[2];
    const nodeId = (await h3.info()).swarm.nodeId!;
    await manager.updateNode(nodeId, { availability: "drain", labels: { "lab.role": "spare" } });
    expect(await manager.inspectNode(nodeId)).toMatchObject({ availability: "drain", labels: { "lab.role": "spare" } });
    await manager.updateNode(nodeId, { availability: "active" });
    expect(await manager.inspectNode(nodeId)).toMatchObject({ availability: "active", labels: { "lab.role": "spare" } });
    await h3.swarmLeave();
    await manager.removeNode(nodeId, { force: true });
    expect((await manager.listNodes()).map((n) => n.hostname).sort()).toEqual([HOSTS[0].name, HOSTS[1].name]);
    expect((await h3.info()).swarm.state).toBe("inactive");
  });

  it("promotes a worker and returns once it acts as a manager", async () => {
    const h2 = engines[1];
    const t0 = Date.now();
    await promoteToManager(manager, { engine: h2, nodeId: (await h2.info()).swarm.nodeId! });
    timings["promote to manager"] = Date.now() - t0;
    expect((await h2.info()).swarm.isManager).toBe(true);
    expect((await h2.listNodes()).map((n) => `${n.hostname}:${n.role}`).sort()).toEqual([`${HOSTS[0].name}:manager`, `${HOSTS[1].name}:manager`]);
  });
});
