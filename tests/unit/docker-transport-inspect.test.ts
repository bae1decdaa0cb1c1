// Issue 20: docker-modem formats every request's options (our connection pool among them) with
// util.inspect(showHidden, unlimited depth) for a debug log that is off. The pool must print as one
// short line, however many sockets it holds, or every engine call pays for walking them.
import http from "node:http";
import net from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEndpoint } from "@/lib/docker/endpoint";
import { dropTransports, shortInspect, transportFor } from "@/lib/docker/transport";

let port: number;
const engine = http.createServer((req, res) => {
  res.setHeader("content-type", "application/json");
  if (req.url?.includes("/version")) res.end(JSON.stringify({ ApiVersion: "1.41" }));
  else setTimeout(() => res.end("[]"), 20); // slow enough that parallel calls open several sockets
});

beforeAll(async () => {
  port = await new Promise<number>((ok) => engine.listen(0, "127.0.0.1", () => ok((engine.address() as net.AddressInfo).port)));
});
afterAll(async () => {
  dropTransports();
  await new Promise((ok) => engine.close(ok));
});

const deep = (x: unknown) => inspect(x, { showHidden: true, depth: null });

describe("engine transport and util.inspect", () => {
  it("shortInspect makes an agent with live sockets print as its label", async () => {
    const agent = new http.Agent({ keepAlive: true });
    await Promise.all(
      Array.from({ length: 5 }, () => new Promise((ok) => http.get({ host: "127.0.0.1", port, path: "/x", agent }, (r) => r.resume().on("end", ok)))),
    );
    const before = deep({ agent }).length;
    expect(before).toBeGreaterThan(10_000); // what docker-modem's debug line walked on every request
    shortInspect(agent, "Agent test");
    expect(deep({ agent })).toBe("{ agent: [Agent test] }");
    agent.destroy();
  });

  it("the transport's pool prints short after parallel engine calls", async () => {
    const endpoint = `tcp://127.0.0.1:${port}`;
    const t = transportFor(parseEndpoint(endpoint), { endpoint });
    await Promise.all(Array.from({ length: 8 }, () => t.json("list", { method: "GET", path: "/containers/json", timeoutMs: 5000 })));
    expect(Object.keys(t.agent?.freeSockets ?? {}).length).toBeGreaterThan(0); // the pool really holds sockets
    expect(deep({ agent: t.agent })).toBe(`{ agent: [Agent tcp://127.0.0.1:${port}] }`);
  });
});
