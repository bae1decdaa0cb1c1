// The ports measure again, against three portal processes on three ports sharing one PostgreSQL
// database (issue 18: "200 concurrent deploys with automatic ports against three processes: 0
// duplicate leases"). The N POSTs go round-robin to the three processes at once; each process takes
// its lease in its own transaction, so only the database keeps two processes from leasing the same
// port. Duplicates are checked in the answers and in the lease table itself (PortLease, unique per
// environment, protocol and port), and every accepted app must hold exactly the lease it was told.
// The figures are printed next to the single-process SQLite ones (the "raw" column holds those).
//
// Runs after the single portal is gone (its hosts removed, the engines out of its swarm): a throw-away
// PostgreSQL server (scripts/pg.mjs, own data directory under /tmp), three production portals
// (scripts/test-server.mjs bench-ha <port>, data in data/test-bench-ha, logs data/bench-ha-<A|B|C>.log)
// with shared secrets and an external registry setting (several processes need one; the lab images
// need no pull), one environment with lab1 as its only host (a one-node swarm: apps with 0 replicas
// only create a network and a service, as in the single-process measure). The cleanup stops the
// portals, takes lab1 out of its swarm (its services and networks go with it; the database is thrown
// away) and stops and removes the PostgreSQL server.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Engine } from "@/lib/docker";
import { ensurePgClient, pgNodeOptions } from "../../tests/support/prisma-client";
import { portBusy, root, startPortal, type Portal } from "../portal";
import { Api, BenchError, now, stats, tokenFor, type Row } from "../support";

export const PORT_HA_ROWS = ["ports-ha-dupes", "ports-ha-time"] as const;

const COMPOSE = "services:\n  s:\n    image: lab/busybox:latest\n    command: sleep 1d\n    deploy:\n      replicas: 0\n    ports: ['80']\n";
const NAMES = ["A", "B", "C"];

interface PgModule {
  startPostgres(o: { dir: string }): Promise<{ url: string; port: number; dir: string }>;
  stopPostgres(dir: string): Promise<void>;
  removePostgres(dir: string): void;
}

export interface PortsHaContext {
  quick: boolean;
  /** Concurrent deploys (the single-process measure's N). */
  n: number;
  /** The three processes listen on these ports. */
  ports: number[];
  admin: { email: string; password: string };
  host: { name: string; endpoint: string; engine: Engine };
  runId: string;
  /** The single-process SQLite rows of the same run (ports-dupes, ports-time), when measured. */
  single(): { dupes: Row | undefined; time: Row | undefined };
  log(msg: string): void;
  /** Run at the end, last registered first, whatever happened (also when registered late). */
  onCleanup(what: string, fn: () => Promise<unknown>): void;
}

export async function measurePortsHa(ctx: PortsHaContext): Promise<Row[]> {
  const { n, ports } = ctx;
  for (const p of ports) if (portBusy(p)) throw new BenchError(`port ${p} is taken (the three-process measure uses ${ports.join(", ")})`);

  // PostgreSQL: the cleanup is registered before the server starts, and waits for a start in flight.
  const pgMod = (await import(path.join(root, "scripts", "pg.mjs"))) as PgModule;
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "caas-pg-"));
  fs.chmodSync(parent, 0o755); // traversable by `postgres`
  const dir = path.join(parent, "data");
  let starting: Promise<unknown> = Promise.resolve();
  ctx.onCleanup("the PostgreSQL server", async () => {
    await starting.catch(() => undefined);
    await pgMod.stopPostgres(dir);
    pgMod.removePostgres(dir);
  });
  ctx.log("ports-ha: starting PostgreSQL");
  const server = pgMod.startPostgres({ dir });
  starting = server;
  const { url } = await server;
  await ensurePgClient();

  // lab1 leaves the swarm after the portals have stopped (cleanups run last registered first)
  ctx.onCleanup(`${ctx.host.name} out of the three-process swarm`, async () => {
    if ((await ctx.host.engine.info()).swarm.state !== "inactive") await ctx.host.engine.swarmLeave({ force: true });
  });
  // Every process shares the database and the secrets (README: several processes).
  const env = {
    CAAS_TEST_DATABASE_URL: url,
    NODE_OPTIONS: pgNodeOptions(process.env.NODE_OPTIONS),
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    CAAS_SECRET_KEY: randomBytes(32).toString("base64url"),
    CAAS_REGISTRY_URL: "http://10.77.0.1:5999",
  };
  const procs: Portal[] = [];
  const start = (i: number) =>
    startPortal(ports[i], ctx.admin, {
      dataName: "bench-ha",
      logFile: path.join(root, "data", `bench-ha-${NAMES[i]}.log`),
      // the first resets the data directory and the database and migrates; the others join it
      env: { ...env, CAAS_TEST_SHARED: i === 0 ? "0" : "1" },
      onSpawn: (p) => {
        procs[i] = p;
        ctx.onCleanup(`portal process ${NAMES[i]} (:${ports[i]})`, () => p.stop());
      },
    });
  ctx.log(`ports-ha: starting portal processes ${NAMES.map((x, i) => `${x} :${ports[i]}`).join(", ")} on PostgreSQL`);
  await start(0);
  await Promise.all([start(1), start(2)]);

  const admin = await tokenFor(procs[0].baseUrl, ctx.admin.email, ctx.admin.password);
  const tenant = await admin.must("POST", "/api/v1/tenants", { name: "Bench HA", slug: `bench-ha-${ctx.runId}` }, [201]);
  const email = `bench-ha-member-${ctx.runId}@example.test`;
  const password = "bench-ha-member-password";
  const user = await admin.must("POST", "/api/v1/users", { email, name: "Bench HA member", password }, [201]);
  await admin.must("POST", `/api/v1/tenants/${tenant.id}/members`, { userId: user.id, role: "member" }, [201]);
  const owner = await admin.must("POST", "/api/v1/users", { email: `bench-ha-owner-${ctx.runId}@example.test`, name: "Bench HA owner", password }, [201]);
  await admin.must("POST", `/api/v1/tenants/${tenant.id}/members`, { userId: owner.id, role: "owner" }, [201]);
  const ownerApi = await tokenFor(procs[0].baseUrl, `bench-ha-owner-${ctx.runId}@example.test`, password);
  const envRow = await ownerApi.must("POST", "/api/v1/environments", { tenantId: tenant.id, name: "bench-ha", portRange: { from: 30000, to: 30999 } }, [201]);
  ctx.log(`ports-ha: adding ${ctx.host.name} (one-node swarm)`);
  await admin.must("POST", `/api/v1/environments/${envRow.id}/hosts`, { name: ctx.host.name, endpoint: ctx.host.endpoint }, [201]);
  // one token (tokens live in the shared database), three processes
  const member = await tokenFor(procs[0].baseUrl, email, password);
  const on = procs.map((p) => new Api(p.baseUrl, member.token));
  const appsPath = `/api/v1/environments/${envRow.id}/apps`;

  // the same POST one at a time on each process (the first is a warm-up: a route's first load)
  const serialN = ctx.quick ? 3 : 10;
  const serial: number[][] = [[], [], []];
  for (const [i, api] of on.entries())
    for (let k = 0; k <= serialN; k++) {
      const s = now();
      const r = await api.post(appsPath, { name: `bench-ha-serial-${NAMES[i].toLowerCase()}-${k}`, compose: COMPOSE });
      if (r.status !== 202) throw new BenchError(`POST ${appsPath} on ${NAMES[i]}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      if (k > 0) serial[i].push(now() - s);
    }

  ctx.log(`ports-ha: ${n} concurrent deploys round-robin over ${NAMES.join(", ")}`);
  const lat: number[][] = [[], [], []];
  const t0 = now();
  const rs = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const s = now();
      const r = await on[i % 3].post(appsPath, { name: `bench-ha-port-${i}`, compose: COMPOSE });
      lat[i % 3].push(now() - s);
      return { i, r };
    }),
  );
  const wall = now() - t0;
  const ok = rs.filter(({ r }) => r.status === 202);
  const failed = rs.filter(({ r }) => r.status !== 202);
  const errors = [...new Set(failed.map(({ r }) => `${r.status} ${r.body?.error?.code ?? ""}`.trim()))];

  // the answers
  const answered = new Map(ok.map(({ i, r }) => [`bench-ha-port-${i}`, r.body.app.services[0].ports[0].published as number]));
  const answeredPorts = [...answered.values()];
  const dupAnswered = answeredPorts.length - new Set(answeredPorts).size;
  // the lease table itself
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  let leases: { name: string; protocol: string; port: number }[];
  let dupTable: number;
  try {
    leases = (
      await db.query<{ name: string; protocol: string; port: number }>(
        `SELECT a.name, l.protocol, l.port FROM "PortLease" l JOIN "App" a ON a.id = l."appId" WHERE l."environmentId" = $1 AND a.name LIKE 'bench-ha-port-%'`,
        [envRow.id],
      )
    ).rows;
    // every lease of the environment (serial apps included): no port twice
    const all = await db.query<{ c: string }>(
      `SELECT count(*) AS c FROM (SELECT protocol, port FROM "PortLease" WHERE "environmentId" = $1 GROUP BY protocol, port HAVING count(*) > 1) d`,
      [envRow.id],
    );
    dupTable = Number(all.rows[0].c) + (leases.length - new Set(leases.map((l) => `${l.port}/${l.protocol}`)).size);
  } finally {
    await db.end();
  }
  // every accepted app holds exactly one lease, the port it was told
  const byApp = new Map<string, number[]>();
  for (const l of leases) byApp.set(l.name, [...(byApp.get(l.name) ?? []), l.port]);
  const disagree = [...answered].filter(([name, port]) => byApp.get(name)?.length !== 1 || byApp.get(name)![0] !== port).length;
  const dupes = dupAnswered + dupTable;

  const single = ctx.single();
  const singleWall = single.time?.portal ?? null;
  const singleLat = single.time?.samples?.portal;
  const perProcess = NAMES.map((x, i) => {
    const sent = rs.filter(({ i: k }) => k % 3 === i);
    const acc = sent.filter(({ r }) => r.status === 202).length;
    const l = stats(lat[i]);
    const one = stats(serial[i]);
    return `${x} :${ports[i]} ${acc}/${sent.length} accepted, p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms (alone: p50 ${one.p50.toFixed(0)} ms)`;
  });
  ctx.log(
    `ports-ha: ${ok.length}/${n} accepted in ${Math.round(wall)} ms, ${dupes} duplicates, ${disagree} answers unlike the lease table; ${perProcess.join("; ")}${errors.length ? `; errors: ${errors.join(", ")}` : ""}`,
  );
  const all = stats(lat.flat());
  return [
    {
      id: "ports-ha-dupes",
      measure: `${n} concurrent deploys, auto ports, 3 processes on PostgreSQL: duplicate leases`,
      unit: "",
      raw: single.dupes?.portal ?? null,
      portal: dupes,
      compare: "none",
      compared: null,
      target: "0 duplicates, all answered",
      verdict: dupes === 0 && disagree === 0 && failed.length === 0 ? "PASS" : "FAIL",
      note:
        `raw column = 1 process on SQLite (ports-dupes). ${ok.length}/${n} accepted, round-robin over 3 processes; ` +
        `${dupAnswered} duplicate ports in the answers, ${dupTable} in the lease table (${leases.length} leases of the burst's apps); ` +
        `${disagree} accepted apps without exactly the lease they were answered${errors.length ? `; refused: ${errors.join(", ")}` : ""}`,
    },
    {
      id: "ports-ha-time",
      measure: `${n} concurrent deploys, 3 processes on PostgreSQL: all POSTs answered`,
      unit: "ms",
      raw: singleWall,
      portal: wall,
      compare: "ratio",
      compared: singleWall ? wall / singleWall : null,
      target: "(reported, vs 1 process)",
      verdict: failed.length === 0 ? "INFO" : "FAIL",
      note:
        `raw column = 1 process on SQLite (ports-time${singleLat ? `, per request p50 ${stats(singleLat).p50.toFixed(0)} ms` : ""}); ` +
        `3 processes: per request p50 ${all.p50.toFixed(0)} ms, p95 ${all.p95.toFixed(0)} ms; ${perProcess.join("; ")}`,
      samples: { portal: lat.flat(), ...(singleLat ? { raw: singleLat } : {}) },
    },
  ];
}
