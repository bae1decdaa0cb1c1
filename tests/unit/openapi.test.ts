import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/openapi/endpoints";
import { buildOpenApi } from "@/lib/openapi/build-openapi";

const root = path.resolve(import.meta.dirname, "../..");

function routes(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) routes(p, out);
    else if (e.name === "route.ts") out.push(p);
  }
  return out;
}

describe("openapi.json", () => {
  it("lists exactly the operations that have a handler", () => {
    const handled = new Set<string>();
    for (const f of routes(path.join(root, "app", "api"))) {
      const url = "/" + path.relative(path.join(root, "app"), path.dirname(f)).replace(/\[(\w+)\]/g, "{$1}");
      if (url.startsWith("/api/auth")) continue;
      for (const m of fs.readFileSync(f, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) handled.add(`${m[1].toLowerCase()} ${url}`);
    }
    const documented = new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`));
    expect([...handled].filter((h) => !documented.has(h))).toEqual([]);
    expect([...documented].filter((d) => !handled.has(d))).toEqual([]);
  });

  it("is an OpenAPI 3.1 document with an error schema", () => {
    const doc = buildOpenApi() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/v1/environments/{id}");
    expect(doc.components.schemas.Error).toBeDefined();
  });
});
