// lib/docker's client contract (endpoint validation, error mapping, timeouts). Needs no engine: the
// "hosts" here are local sockets that refuse, stay silent, or answer like something else. The swarm
// driver's spec builder is tested in tests/unit/build-service-spec.test.ts.
import http from "node:http";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { engineFor, isUnreachable, parseEndpoint } from "@/lib/docker";

describe("engine endpoints", () => {
  it.each([
    ["unix:///run/caas-lab/h1.sock", "unix:///run/caas-lab/h1.sock"],
    ["tcp://10.77.0.12:2375", "tcp://10.77.0.12:2375"],
    ["tcp://Docker-1.example.com:2376", "tcp://docker-1.example.com:2376"],
    ["tcp://[fd00::2]:2376", "tcp://[fd00::2]:2376"],
    ["ssh://deploy@10.0.0.5", "ssh://deploy@10.0.0.5"],
    ["ssh://deploy@host.example:2222", "ssh://deploy@host.example:2222"],
  ])("accepts %s", (raw, display) => {
    expect(parseEndpoint(raw).display).toBe(display);
  });

  it.each([
    "",
    "10.0.0.1:2375",
    "http://10.0.0.1:2375",
    "tcp://10.0.0.1",
    "tcp://10.0.0.1:0",
    "tcp://10.0.0.1:2375/path",
    "tcp://user@10.0.0.1:2375",
    "tcp://300.1.1.1:2375",
    "tcp://a b:2375",
    "unix://relative.sock",
    "unix:///run/../etc/x.sock",
    "ssh://host.example",
    "ssh://bad user@host",
    "npipe:////./pipe/docker_engine",
  ])("refuses %j with a VALIDATION error on field endpoint", (raw) => {
    try {
      engineFor({ endpoint: raw });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("VALIDATION");
      expect((e as AppError).details?.[0].path).toBe("endpoint");
    }
  });

  it("maps refused, missing and silent hosts to 'host unreachable' naming endpoint and operation", async () => {
    const cases = [
      { endpoint: "tcp://127.0.0.1:1", why: "connection refused" },
      { endpoint: "unix:///run/caas-lab/no-such.sock", why: "no such socket" },
    ];
    for (const c of cases) {
      const err = await engineFor({ endpoint: c.endpoint })
        .ping()
        .catch((e: unknown) => e);
      expect(isUnreachable(err)).toBe(true);
      expect(err).toMatchObject({ code: "INTERNAL", message: `Engine ${c.endpoint}: ping failed: host unreachable (${c.why})` });
    }
    // a host that accepts the connection and never answers: the deadline ends the call
    const silent = net.createServer(() => {});
    await new Promise<void>((ok) => silent.listen(0, "127.0.0.1", ok));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const t0 = Date.now();
      const err = await engineFor({ endpoint: `tcp://127.0.0.1:${port}` }, { timeoutMs: 500 })
        .info()
        .catch((e: unknown) => e);
      expect(isUnreachable(err)).toBe(true);
      expect((err as Error).message).toBe(`Engine tcp://127.0.0.1:${port}: info failed: host unreachable (no answer in time)`);
      expect(Date.now() - t0).toBeLessThan(3_000);
    } finally {
      silent.close();
    }
  });

  it("says so when something other than a Docker engine answers", async () => {
    const other = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((ok) => other.listen(0, "127.0.0.1", ok));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const err = await engineFor({ endpoint: `tcp://127.0.0.1:${port}` })
        .ping()
        .catch((e: unknown) => e);
      expect(isUnreachable(err)).toBe(false);
      expect((err as Error).message).toMatch(/ping failed: HTTP 404 without an engine message/);
    } finally {
      other.close();
    }
  });

  it("never puts TLS key material into error messages", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";
    const err = await engineFor({ endpoint: "tcp://127.0.0.1:1", tls: { ca: "x", cert: "y", key } })
      .ping()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(JSON.stringify({ m: (err as Error).message, c: String((err as Error).cause ?? "") })).not.toContain("c2VjcmV0");
  });
});
