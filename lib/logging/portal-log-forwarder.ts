// Forwards the portal's own logs to the company's log platform (issue 19): its application log
// (what the process prints) and its audit events, as RFC 5424 syslog over UDP or TCP, app-name
// "caas-portal" and "caas-audit" (the audit message is the event as JSON). Configured by the
// operator with CAAS_PORTAL_LOG_TARGET=syslog+udp://host:port (or syslog+tcp://). Best effort: a
// target that is down loses lines, never slows or stops the portal. Audit events are read from the
// database by the process leading the "portal-logs" role, so each is sent once across processes.
import dgram from "node:dgram";
import net from "node:net";
import os from "node:os";
import { db } from "@/lib/db";

export interface PortalLogTarget {
  protocol: "udp" | "tcp";
  host: string;
  port: number;
}

export function parsePortalLogTarget(raw: string | undefined): PortalLogTarget | null {
  const m = raw?.trim().match(/^syslog\+(udp|tcp):\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/);
  if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535) return null;
  return { protocol: m[1] as "udp" | "tcp", host: m[2].replace(/^\[|\]$/g, ""), port: Number(m[3]) };
}

/** One RFC 5424 line: facility local0, severity info (6) or error (3). */
export function syslogLine(appName: string, message: string, error = false, at = new Date(), host = os.hostname()): string {
  const pri = 16 * 8 + (error ? 3 : 6);
  const clean = message.replace(/[\r\n]+/g, " ").slice(0, 8000);
  return `<${pri}>1 ${at.toISOString()} ${host || "-"} ${appName} ${process.pid} - - ${clean}`;
}

export interface LogSink {
  send(line: string): void;
  close(): void;
}

export function syslogSink(t: PortalLogTarget): LogSink {
  if (t.protocol === "udp") {
    const sock = dgram.createSocket(net.isIPv6(t.host) ? "udp6" : "udp4");
    sock.on("error", () => undefined);
    sock.unref();
    return { send: (line) => sock.send(Buffer.from(line), t.port, t.host, () => undefined), close: () => sock.close() };
  }
  // TCP: octet-counted framing (RFC 6587); reconnects lazily, drops lines while down.
  let sock: net.Socket | null = null;
  let connecting = false;
  const connect = () => {
    if (sock || connecting) return;
    connecting = true;
    const s = net.connect({ host: t.host, port: t.port }, () => ((connecting = false), (sock = s)));
    s.unref();
    s.on("error", () => undefined);
    s.on("close", () => ((connecting = false), (sock = null)));
  };
  return {
    send(line) {
      if (!sock) return connect();
      sock.write(`${Buffer.byteLength(line)} ${line}`);
    },
    close: () => sock?.end(),
  };
}

/** Copies what the process prints (console.log/info/warn/error) to the sink as well. */
export function teeConsole(sink: LogSink): () => void {
  const original = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const wrap =
    (name: keyof typeof original, error: boolean) =>
    (...args: unknown[]) => {
      original[name](...args);
      try {
        sink.send(
          syslogLine("caas-portal", args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a))).join(" "), error),
        );
      } catch {
        /* never let forwarding break logging */
      }
    };
  console.log = wrap("log", false);
  console.info = wrap("info", false);
  console.warn = wrap("warn", false);
  console.error = wrap("error", true);
  return () => Object.assign(console, original);
}

/** The audit forwarder (leader of "portal-logs"): events created after it started, in order. */
export function startAuditForwarder(sink: LogSink, o: { intervalMs?: number } = {}): { stop(): Promise<void> } {
  let since = new Date();
  let lastId = "";
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const round = async () => {
    const rows = await db.auditEvent.findMany({ where: { createdAt: { gte: since } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500 });
    for (const e of rows) {
      if (e.createdAt.getTime() === since.getTime() && e.id <= lastId) continue;
      const { detailsJson, ...rest } = e;
      let details: unknown = {};
      try {
        details = JSON.parse(detailsJson);
      } catch {
        details = {};
      }
      sink.send(syslogLine("caas-audit", JSON.stringify({ ...rest, details }), e.result !== "ok", e.createdAt));
      since = e.createdAt;
      lastId = e.id;
    }
  };
  const timer = setInterval(() => {
    if (!stopped) running = running.then(round).catch(() => undefined);
  }, o.intervalMs ?? 2_000);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
