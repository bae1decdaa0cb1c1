// Shared set-up of the containers suites: two tenants, the 3 lab hosts (added as admin), an app
// with 2 replicas of busybox printing a line a second; terminals through socket.io-client.
import { StringDecoder } from "node:string_decoder";
import fs from "node:fs";
import { io, type Socket } from "socket.io-client";
import { db } from "@/lib/db";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { addLabHosts, eventually, LAB_HOSTS, labEngine, leaveAllSwarms, requireCleanLab } from "../support/lab";

export const TICKER = `
version: "3.8"
services:
  ticker:
    image: lab/busybox:latest
    command: sh -c 'i=0; while true; do i=$$((i+1)); echo "tick $$i"; sleep 1; done'
    deploy:
      replicas: 2
`;

export interface ContainersWorld {
  admin: ApiClient;
  A: TenantWorld;
  B: TenantWorld;
  envId: string;
  appId: string;
  serviceId: string;
  hostIds: string[];
  tokens: Record<string, string>;
  containers: { id: string; engineId: string; hostId: string; hostIndex: number }[];
}

export async function buildContainersWorld(baseUrl: string, adminCreds: { email: string; password: string }, label: string): Promise<ContainersWorld> {
  await requireCleanLab();
  const admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  const A = await buildTenant(baseUrl, admin, `${label}-a`);
  const B = await buildTenant(baseUrl, admin, `${label}-b`);
  const env = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "lab", portRange: { from: 30100, to: 30199 } });
  if (env.status !== 201) throw new Error(`environment: ${JSON.stringify(env.body)}`);
  const hostIds: string[] = [];
  hostIds.push(...Object.values(await addLabHosts(admin, env.body.id)));
  const app = await A.users.member.api.post(`/api/v1/environments/${env.body.id}/apps`, { name: "ticker", compose: TICKER });
  if (app.status !== 202) throw new Error(`deploy: ${app.status} ${JSON.stringify(app.body)}`);
  const job = await waitForJob(A.users.member.api, app.body.jobId, 180_000);
  if (job.status !== "succeeded") throw new Error(`deploy job: ${job.error}`);
  const serviceId = (await A.users.member.api.get(`/api/v1/apps/${app.body.app.id}`)).body.services[0].id as string;
  const rows = await eventually(
    "2 running containers with hosts",
    async () => {
      const r = await db.container.findMany({ where: { serviceId, state: "running", engineId: { not: null }, hostId: { not: null } } });
      return r.length >= 2 ? r : null;
    },
    120_000,
  );
  const tokens = {
    admin: admin.auth.token!,
    owner: A.users.owner.api.auth.token!,
    member: A.users.member.api.auth.token!,
    viewer: A.users.viewer.api.auth.token!,
    other: B.users.owner.api.auth.token!,
  };
  return {
    admin,
    A,
    B,
    envId: env.body.id,
    appId: app.body.app.id,
    serviceId,
    hostIds,
    tokens,
    containers: rows.map((r) => ({ id: r.id, engineId: r.engineId!, hostId: r.hostId!, hostIndex: hostIds.indexOf(r.hostId!) })),
  };
}

export async function tearDownContainersWorld(w: ContainersWorld | undefined): Promise<void> {
  if (w) {
    const d = await w.admin.delete(`/api/v1/apps/${w.appId}`).catch(() => null);
    if (d?.status === 202) await waitForJob(w.admin, d.body.jobId, 120_000).catch(() => undefined);
    for (const id of [...w.hostIds].reverse()) {
      const r = await w.admin.delete(`/api/v1/hosts/${id}`).catch(() => null);
      if (r?.status === 202) await waitForJob(w.admin, r.body.jobId, 120_000).catch(() => undefined);
    }
  }
  await leaveAllSwarms();
}

/** Exec ids the engine lists for a container (raw API: the typed client does not map them). */
export async function execIds(hostIndex: number, engineId: string): Promise<string[]> {
  const r = await fetch(`http://${LAB_HOSTS[hostIndex].ip}:2375/containers/${engineId}/json`);
  return ((await r.json()) as { ExecIDs?: string[] | null }).ExecIDs ?? [];
}

/** `ps` inside the container, non-TTY, straight through lib/docker. */
export async function ps(hostIndex: number, engineId: string): Promise<string> {
  return (await (await labEngine(hostIndex).containerExec(engineId, { cmd: ["ps"] })).collect()).stdout;
}
export const interactiveShells = (psOut: string) => psOut.split("\n").filter((l) => / -i\s*$/.test(l) && /sh/.test(l)).length;

export interface Term {
  socket: Socket;
  out(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  ready: Promise<{ sessionId: string; shell: string }>;
  failure: Promise<{ code: string; message: string }>;
  exit: Promise<{ code: number | null }>;
  /** Acks are held (not sent) while true. */
  holdAcks: boolean;
  /** What the output events carried: UTF-8 strings, or bytes (`open { binary: true }`). */
  kinds: Set<"string" | "bytes">;
  releaseAcks(): void;
}

export function terminal(baseUrl: string, opts: { token?: string; cookie?: string; origin?: string }, open?: Record<string, unknown>): Term {
  const socket = io(`${baseUrl}/terminal`, {
    auth: opts.token ? { token: opts.token } : {},
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.origin ? { origin: opts.origin } : {}) },
  });
  let buf = "";
  const held: (() => void)[] = [];
  const t: Term = {
    socket,
    out: () => buf,
    holdAcks: false,
    kinds: new Set(),
    releaseAcks: () => held.splice(0).forEach((a) => a()),
    waitFor: (re, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(buf);
          if (m) {
            clearTimeout(timer);
            socket.off("output", check);
            resolve(m[0]);
          }
        };
        const timer = setTimeout(() => {
          socket.off("output", check);
          reject(new Error(`timed out waiting for ${re} in ${JSON.stringify(buf.slice(-500))}`));
        }, timeoutMs);
        socket.on("output", check);
        check();
      }),
    ready: new Promise((r) => socket.once("ready", r)),
    failure: new Promise((r) => {
      socket.once("failure", r);
      socket.once("connect_error", (e) => r({ code: "CONNECT_ERROR", message: e.message }));
    }),
    exit: new Promise((r) => socket.once("exit", r)),
  };
  // `open { binary: true }` (the browser's terminal): output comes as the shell's bytes
  const decoder = new StringDecoder("utf8");
  socket.on("output", (data: string | Buffer, ack?: () => void) => {
    t.kinds.add(typeof data === "string" ? "string" : "bytes");
    buf += typeof data === "string" ? data : decoder.write(Buffer.from(data));
    if (buf.length > 1 << 20) buf = buf.slice(-(1 << 19));
    if (!ack) return;
    if (t.holdAcks) held.push(ack);
    else ack();
  });
  if (open) socket.once("connect", () => socket.emit("open", { cols: 80, rows: 24, ...open }));
  return t;
}

/** The pid of the process listening on `port` (the portal under test), from /proc. */
export function pidListeningOn(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, "utf8").split("\n").slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c[1]?.endsWith(`:${hex}`) && c[3] === "0A") inodes.add(c[9]);
    }
  }
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const l = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(l);
        if (m && inodes.has(m[1])) return Number(pid);
      }
    } catch {
      /* not ours or gone */
    }
  }
  throw new Error(`no process listens on port ${port}`);
}
export const fdCount = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;
export const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
