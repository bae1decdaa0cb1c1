// lib/resources with fakes passed as parameters: which engine objects count as the portal's (the
// labels, checked against the apps the database knows), and the pull job's per-host states.
import { describe, expect, it } from "vitest";
import type { Engine } from "@/lib/docker";
import { AppError } from "@/lib/errors";
import { claimsScope, ownedObjects, type ResourceHost } from "@/lib/resources/resource-scope";
import { runPullJob, type PullJobDeps, type PullResult } from "@/lib/resources/images";

const scope = { environmentId: "env1", tenantId: "t1" };
const labels = (o: Record<string, string>) => ({ labels: o });

describe("what the portal owns", () => {
  it("needs the environment's and the tenant's labels; an admin's view of a shared environment takes any tenant", () => {
    expect(claimsScope(scope, { "caas.environment": "env1", "caas.tenant": "t1" })).toBe(true);
    expect(claimsScope(scope, { "caas.environment": "env1", "caas.tenant": "t2" })).toBe(false);
    expect(claimsScope(scope, { "caas.environment": "env2", "caas.tenant": "t1" })).toBe(false);
    expect(claimsScope(scope, {})).toBe(false);
    expect(claimsScope({ environmentId: "env1", tenantId: null }, { "caas.environment": "env1", "caas.tenant": "t2" })).toBe(true);
    expect(claimsScope({ environmentId: "env1", tenantId: null }, { "caas.environment": "env1" })).toBe(false);
  });

  it("drops an object whose claimed app belongs elsewhere (a forged label); keeps one whose app is gone", async () => {
    const apps = [
      { id: "a1", name: "web", environmentId: "env1", tenantId: "t1" },
      { id: "a2", name: "other-env", environmentId: "env9", tenantId: "t1" },
      { id: "a3", name: "other-tenant", environmentId: "env1", tenantId: "t2" },
    ];
    const base = { "caas.environment": "env1", "caas.tenant": "t1" };
    const objects = [
      labels({ ...base, "caas.app": "a1" }),
      labels({ ...base, "caas.app": "a2" }),
      labels({ ...base, "caas.app": "a3" }),
      labels({ ...base, "caas.app": "deleted" }),
      labels({ "caas.app": "a1" }),
    ];
    const seen: string[][] = [];
    const out = await ownedObjects(scope, objects, {
      appsById: async (ids) => {
        seen.push(ids);
        return apps.filter((a) => ids.includes(a.id));
      },
    });
    expect(out.map((o) => o.app)).toEqual([{ id: "a1", name: "web" }, null]);
    expect(seen).toEqual([["a1", "a2", "a3", "deleted"]]);
  });
});

describe("the pull job", () => {
  const host = (id: string, pull: Engine["pullImage"]): ResourceHost => ({ id, name: `host-${id}`, engine: { pullImage: pull } as unknown as Engine });

  it("records each host's state, pushes partial results while it runs, and fails naming the hosts that could not pull", async () => {
    const saved: PullResult[] = [];
    const deps: PullJobDeps = {
      hostsOf: async () => [
        host("h1", async (_ref, o) => {
          o?.onProgress?.({ id: "l1", status: "Pulling fs layer" });
          o?.onProgress?.({ id: "l1", status: "Pull complete" });
        }),
        host("h2", async () => {
          throw new AppError("INTERNAL", "Engine tcp://10.0.0.2:2375: pull image failed: manifest unknown");
        }),
        host("h3", async () => undefined),
      ],
      registryAuthFor: async () => undefined,
      saveResult: async (_id, r) => {
        saved.push(r);
      },
    };
    const progress: number[] = [];
    const ctx = {
      id: "j1",
      payload: { environmentId: "env1", image: "reg/t/a/web:1", hostIds: ["h1", "h2"], ownerTenantId: "t1" },
      progress: async (p: number) => void progress.push(p),
    };
    const err = await runPullJob(ctx, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toBe("host-h2: The image (or this digest of it) is not in the registry.");
    expect((err as AppError).message).not.toContain("10.0.0.2");
    const last = saved.at(-1)!;
    expect(last.hosts).toEqual([
      { hostId: "h1", hostName: "host-h1", status: "done", layers: 1, layersDone: 1 },
      {
        hostId: "h2",
        hostName: "host-h2",
        status: "failed",
        layers: 0,
        layersDone: 0,
        error: "The image (or this digest of it) is not in the registry.",
        problem: "missing",
      },
    ]);
    expect(saved[0].hosts.map((h) => h.status)).toEqual(["pending", "pending"]);
    expect(progress.at(-1)).toBe(100);
  });
});
