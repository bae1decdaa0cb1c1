// T31 — the transport asks the guard before every new connection and opens only the address the
// guard returned; connection failures carry a user-safe category. Local sockets only: the "hosts"
// are servers on 127.0.0.1 in this process, and the guards are plain functions.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeEngines, connectionCategory, engineFor, isUnreachable, type ConnectGuard } from "@/lib/docker";
import { categorize, engineError, REFUSED_BY_POLICY, transportError } from "@/lib/docker/errors";
import { CONNECTION_MESSAGES, connectionFailure, mapConnectionError } from "@/lib/hosts/host-connection-errors";

function listen(server: net.Server): Promise<number> {
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok((server.address() as net.AddressInfo).port)));
}

let connections = 0;
let enginePort: number;
const engine = http.createServer((req, res) => {
  res.setHeader("content-type", "application/json");
  if (req.url?.includes("/version")) res.end(JSON.stringify({ ApiVersion: "1.41", Version: "20.10" }));
  else if (req.url?.includes("/_ping")) res.end("OK");
  else {
    res.statusCode = 404;
    res.end(JSON.stringify({ message: "page not found" }));
  }
});
engine.on("connection", () => connections++);
let closedPort: number;
let bannerPort: number;
const banner = net.createServer((s) => s.end("SSH-2.0-OpenSSH_9.2\r\n"));
let plainPort: number;
const plain = http.createServer((_q, r) => r.end("hello"));

beforeAll(async () => {
  enginePort = await listen(engine);
  bannerPort = await listen(banner);
  plainPort = await listen(plain);
  const tmp = net.createServer();
  closedPort = await listen(tmp);
  await new Promise((ok) => tmp.close(ok));
});
afterAll(() => {
  closeEngines();
  engine.close();
  banner.close();
  plain.close();
});

const pem = (what: string) => `-----BEGIN ${what}-----\nAAAA\n-----END ${what}-----\n`;

describe("one place builds engine clients for hosts", () => {
  it("only lib/hosts/host-engine.ts imports engineFor (so every host connection carries the guard)", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const importers = [...files(path.join(root, "lib")), ...files(path.join(root, "app")), path.join(root, "server.ts")]
      .filter((f) => !f.includes(`${path.sep}lib${path.sep}docker${path.sep}`))
      .filter((f) => /import\s*\{[^}]*\bengineFor\b[^}]*\}\s*from\s*["']@\/lib\/docker/.test(fs.readFileSync(f, "utf8")))
      .map((f) => path.relative(root, f));
    expect(importers).toEqual(["lib/hosts/host-engine.ts"]);
  });
});

describe("guarded transport", () => {
  it("connects to the address the guard returned, never resolving the name itself", async () => {
    const asked: string[] = [];
    // "engine.invalid" cannot resolve: a connection only works if the vetted IP is used.
    const guard: ConnectGuard = async (host) => {
      asked.push(host);
      return { ok: true, address: "127.0.0.1" };
    };
    const e = engineFor({ endpoint: `tcp://engine.invalid:${enginePort}`, guard, scope: "t1" });
    await e.ping();
    expect(asked).toEqual(["engine.invalid"]);
  });

  it("asks again on every new connection (reconnects included), and obeys a later refusal", async () => {
    let allow = true;
    let asks = 0;
    const guard: ConnectGuard = async () => {
      asks++;
      return allow ? { ok: true, address: "127.0.0.1" } : { ok: false, reason: "denied_range 127.0.0.1" };
    };
    const endpoint = `tcp://reconnect.invalid:${enginePort}`;
    await engineFor({ endpoint, guard, scope: "t2" }).ping();
    // drop pooled sockets as a host restart would; the client is rebuilt and must ask again
    closeEngines(endpoint);
    allow = false;
    const before = connections;
    const err = await engineFor({ endpoint, guard, scope: "t2" })
      .ping()
      .catch((x: unknown) => x);
    expect(asks).toBeGreaterThanOrEqual(2);
    expect(connectionCategory(err)).toBe("refused_by_policy");
    expect(isUnreachable(err)).toBe(true); // the reconciler marks such a host unreachable
    expect(connections).toBe(before); // refused before any connection
  });

  it("refuses before any connection, for TLS endpoints as well", async () => {
    const guard: ConnectGuard = async () => ({ ok: false, reason: "loopback 127.0.0.1" });
    const before = connections;
    const err = await engineFor({
      endpoint: `tcp://127.0.0.1:${enginePort}`,
      tls: { ca: pem("CERTIFICATE"), cert: pem("CERTIFICATE"), key: pem("PRIVATE KEY") },
      guard,
      scope: "t3",
    })
      .info()
      .catch((x: unknown) => x);
    expect(connectionCategory(err)).toBe("refused_by_policy");
    expect(connections).toBe(before);
  });
});

describe("connection categories", () => {
  it("closed port → unreachable; non-HTTP banner → not_docker; TLS to plain HTTP → tls_failed", async () => {
    const closed = await engineFor({ endpoint: `tcp://127.0.0.1:${closedPort}` })
      .info()
      .catch((x: unknown) => x);
    expect(connectionCategory(closed)).toBe("unreachable");
    const sshd = await engineFor({ endpoint: `tcp://127.0.0.1:${bannerPort}` }, { timeoutMs: 2000 })
      .info()
      .catch((x: unknown) => x);
    expect(connectionCategory(sshd)).toBe("not_docker");
    const web = await engineFor({ endpoint: `tcp://127.0.0.1:${plainPort}` })
      .info()
      .catch((x: unknown) => x);
    expect(connectionCategory(web)).toBe("not_docker");
    const tls = await engineFor({
      endpoint: `tcp://127.0.0.1:${plainPort}`,
      tls: { ca: pem("CERTIFICATE"), cert: pem("CERTIFICATE"), key: pem("PRIVATE KEY") },
    })
      .info()
      .catch((x: unknown) => x);
    expect(connectionCategory(tls)).toBe("tls_failed");
  });

  it("categorizes raw errors from Node, OpenSSL, the modem and ssh2", () => {
    const cases: [object, string | null][] = [
      [{ code: "ECONNREFUSED" }, "unreachable"],
      [{ code: "ETIMEDOUT" }, "unreachable"],
      [{ code: "ENOTFOUND" }, "unreachable"],
      [{ name: "AbortError" }, "unreachable"],
      [{ level: "client-timeout" }, "unreachable"],
      [{ level: "client-dns" }, "unreachable"],
      [{ code: "ERR_SSL_WRONG_VERSION_NUMBER", message: "ssl3_get_record:wrong version number" }, "tls_failed"],
      [{ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }, "tls_failed"],
      [{ code: "ERR_TLS_CERT_ALTNAME_INVALID" }, "tls_failed"],
      [{ code: "ERR_OSSL_PEM_NO_START_LINE" }, "tls_failed"],
      [{ code: "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE" }, "auth_failed"],
      [{ code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" }, "auth_failed"],
      [{ level: "client-authentication" }, "auth_failed"],
      [{ statusCode: 401, json: { message: "unauthorized" } }, "auth_failed"],
      [{ code: "HPE_INVALID_CONSTANT" }, "not_docker"],
      [{ statusCode: 404, json: Buffer.from("<html>") }, "not_docker"],
      [{ statusCode: 404, json: null }, "not_docker"],
      [{ statusCode: 404, json: { message: "No such service: x" } }, null],
      [{ statusCode: 503, json: { message: "This node is not a swarm manager." } }, null],
      [{ code: REFUSED_BY_POLICY }, "refused_by_policy"],
    ];
    for (const [raw, want] of cases) expect(categorize(raw), JSON.stringify(raw)).toBe(want);
    expect(connectionCategory(engineError("tcp://h:1", "info", { code: "ERR_SSL_WRONG_VERSION_NUMBER" }))).toBe("tls_failed");
    expect(connectionCategory(engineError("tcp://h:1", "info", transportError(REFUSED_BY_POLICY, "x")))).toBe("refused_by_policy");
  });

  it("maps every category to a user-safe field error without the raw text", () => {
    const raw = Object.assign(new Error("write EPROTO 4036:error:0A00010B:SSL routines:ssl3_get_record:wrong version number"), {
      code: "ERR_SSL_WRONG_VERSION_NUMBER",
    });
    const logged: unknown[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => void logged.push(a);
    try {
      const mapped = mapConnectionError(engineError("tcp://10.0.0.5:2376", "info", raw), "add host") as {
        code: string;
        message: string;
        details: { path: string; rule: string }[];
      };
      expect(mapped).toMatchObject({ code: "VALIDATION", details: [{ path: "endpoint", rule: "tls_failed" }] });
      expect(JSON.stringify(mapped)).not.toMatch(/SSL routines|EPROTO|10\.0\.0\.5|ssl3/);
      expect(logged).toHaveLength(1); // the raw error goes to the server log
    } finally {
      console.warn = warn;
    }
    for (const c of Object.keys(CONNECTION_MESSAGES) as (keyof typeof CONNECTION_MESSAGES)[]) {
      const e = connectionFailure(c);
      expect(e.code).toBe(c === "refused_by_policy" ? "POLICY" : "VALIDATION");
      expect(e.details).toEqual([{ path: "endpoint", message: CONNECTION_MESSAGES[c].field, rule: c, key: `hostErrors.connectionField.${c}` }]);
      expect(e.message).toMatch(/^[A-Z].+\.$/);
      expect(e.message).not.toMatch(/ECONN|OpenSSL|SSL routines|Error:/);
    }
    // an engine that answered with its own error is not a connection problem: left as it is
    const answered = engineError("tcp://h:1", "info", { statusCode: 500, json: { message: "boom" } });
    expect(mapConnectionError(answered, "x")).toBe(answered);
  });
});
