// Shared pieces of the benchmark: statistics, the result row, a small REST client, waiting helpers.
// The bench drives the portal only from the outside (REST, socket.io) and the engines only through
// lib/docker, so what it measures is what a user or a script sees.
import http from "node:http";

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]);
  return { n: s.length, p50: at(0.5), p95: at(0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

export type Verdict = "PASS" | "FAIL" | "INFO";

/** One line of the table (and of the JSON). Values are numbers in `unit`; text cells are derived. */
export interface Row {
  /** Stable id: the smoke test checks that every id is printed. */
  id: string;
  measure: string;
  unit: string;
  raw: number | null;
  portal: number | null;
  /** "ratio" (portal / raw, or for throughput raw-relative) or "diff" (portal - raw) or "none". */
  compare: "ratio" | "diff" | "none";
  compared: number | null;
  target: string;
  verdict: Verdict;
  note: string;
  samples?: Record<string, number[]>;
}

export const ms = (v: number) => Math.round(v * 10) / 10;

export function fmt(v: number | null, unit: string): string {
  if (v === null || Number.isNaN(v)) return "n/a";
  if (unit === "ms") return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  if (unit === "MB/s") return `${v.toFixed(1)} MB/s`;
  if (unit === "MB") return `${v.toFixed(0)} MB`;
  return `${v} ${unit}`;
}

export function fmtCompared(r: Row): string {
  if (r.compared === null || Number.isNaN(r.compared)) return "n/a";
  if (r.compare === "ratio") return `${r.compared.toFixed(2)}×`;
  if (r.compare === "diff") return `${r.compared >= 0 ? "+" : ""}${fmt(r.compared, r.unit)}`;
  return "";
}

/** The table (markdown) and one note line per row that has a note. */
export function printTable(rs: Row[]): string {
  const head = ["id", "measure", "raw median", "portal median", "ratio / diff", "target", "result"];
  const body = rs.map((r) => [r.id, r.measure, fmt(r.raw, r.unit), fmt(r.portal, r.unit), fmtCompared(r), r.target, r.verdict]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
  const out = [line(head), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...body.map(line)];
  const notes = rs.filter((r) => r.note).map((r) => `- ${r.id}: ${r.note}`);
  return `${out.join("\n")}\n\n${notes.join("\n")}`;
}

export function sleep(msec: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msec));
}

export class BenchError extends Error {}

/** Polls `fn` every `everyMs` until it returns a truthy value. */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new BenchError(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await sleep(everyMs);
  }
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** Bearer-token REST client (the same calls a CLI would make). */
// The bench's HTTP client is node:http (as dockerode on the raw side): fetch (undici) sent a POST's
// headers and body in separate TCP segments, and the delayed ACK put 80-100 ms on every portal POST
// (curl and node:http: 25-40 ms for the same create-app POST on the same server).
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function httpRequest(url: URL, method: string, headers: Record<string, string>, payload?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(payload));
    }
    const r = await httpRequest(new URL(this.baseUrl + path), method, headers, payload);
    const text = r.text;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed as T };
  }
  get<T = any>(p: string) {
    return this.request<T>("GET", p);
  }
  post<T = any>(p: string, b?: unknown) {
    return this.request<T>("POST", p, b ?? {});
  }
  delete<T = any>(p: string) {
    return this.request<T>("DELETE", p);
  }

  /** Throws unless the status is one of `ok`. */
  async must<T = any>(method: string, path: string, body: unknown, ok: number[]): Promise<T> {
    const r = await this.request<T>(method, path, body);
    if (!ok.includes(r.status)) throw new BenchError(`${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    return r.body;
  }
}

export async function tokenFor(baseUrl: string, email: string, password: string): Promise<Api> {
  const r = await new Api(baseUrl).post("/api/v1/tokens", { email, password, name: `bench-${Date.now()}` });
  if (r.status !== 201) throw new BenchError(`token for ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  return new Api(baseUrl, r.body.token);
}

/** Signs in through next-auth's credentials flow; returns the session cookie (for page loads). */
export { sessionCookie } from "../tests/support/api-client";

export async function waitJob(api: Api, jobId: string, timeoutMs = 180_000, everyMs = 50): Promise<{ status: string; error?: string }> {
  return until(
    `job ${jobId}`,
    async () => {
      const r = await api.get(`/api/v1/jobs/${jobId}`);
      if (r.status !== 200) throw new BenchError(`job ${jobId}: ${r.status}`);
      return ["succeeded", "failed", "cancelled"].includes(r.body.status) ? r.body : null;
    },
    timeoutMs,
    everyMs,
  );
}

export function now(): number {
  return performance.now();
}
