// Shared by the specs that use the engine lab (npm run lab:up): its hosts, putting an engine back
// out of swarm mode before and after a spec, and waiting for the portal to finish jobs and removals.
import { expect, type APIRequestContext } from "@playwright/test";

export const LAB1 = { name: "lab1", ip: "10.77.0.11", endpoint: "tcp://10.77.0.11:2375" };
export const LAB2 = { name: "lab2", ip: "10.77.0.12", endpoint: "tcp://10.77.0.12:2375" };
export const LAB3 = { name: "lab3", ip: "10.77.0.13", endpoint: "tcp://10.77.0.13:2375" };
/** The engine API of a lab host, plain HTTP from the test machine. */
export const engine = (ip: string) => `http://${ip}:2375`;

/** The engine's swarm state; fails (never skips) when the lab does not answer. */
export async function swarmState(request: APIRequestContext, ip: string): Promise<string> {
  const r = await request.get(`${engine(ip)}/info`, { timeout: 10_000 });
  expect(r.ok(), `lab engine ${ip} does not answer: is the lab up (npm run lab:up)?`).toBeTruthy();
  return ((await r.json()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState;
}

/** Takes the engine out of any swarm a previous run left it in (it must answer). */
export async function leaveSwarm(request: APIRequestContext, ip: string) {
  if ((await swarmState(request, ip)) !== "inactive") await request.post(`${engine(ip)}/swarm/leave?force=true`);
}

/** Cleanup: leaves the swarm if the engine answers; never fails. */
export async function leaveSwarmQuietly(request: APIRequestContext, ip: string) {
  await request.post(`${engine(ip)}/swarm/leave?force=true`).catch(() => undefined);
}

/** Waits until the portal's job ends with `status` (succeeded by default). */
export async function waitJob(api: APIRequestContext, jobId: string, timeout = 120_000, status = "succeeded") {
  await expect
    .poll(async () => ((await (await api.get(`/api/v1/jobs/${jobId}`)).json()) as { status: string }).status, { timeout, intervals: [1000] })
    .toBe(status);
}

/** Waits until GET `path` answers 404 (a removal finished); quietly gives up after `timeout` in cleanups. */
export async function untilGone(api: APIRequestContext, path: string, timeout = 120_000, quiet = true) {
  const poll = expect.poll(async () => (await api.get(path)).status(), { timeout, intervals: [1000] }).toBe(404);
  await (quiet ? poll.catch(() => undefined) : poll);
}

/** Cleanup: removes what `path` names and waits (quietly) until it is gone. */
export async function remove(api: APIRequestContext, path: string, timeout = 120_000) {
  await api.delete(path);
  await untilGone(api, path, timeout);
}

/** Setup: a tenant and an environment of it with a port range; answers both ids. */
export async function newEnvironment(
  api: APIRequestContext,
  o: { tenant: { name: string; slug: string }; name: string; portRange: { from: number; to: number } },
): Promise<{ tenantId: string; environmentId: string }> {
  const tenant = await api.post("/api/v1/tenants", { data: o.tenant });
  expect(tenant.status(), await tenant.text()).toBe(201);
  const tenantId = ((await tenant.json()) as { id: string }).id;
  const env = await api.post("/api/v1/environments", { data: { tenantId, name: o.name, portRange: o.portRange } });
  expect(env.status(), await env.text()).toBe(201);
  return { tenantId, environmentId: ((await env.json()) as { id: string }).id };
}

/** Setup: adds a lab engine to the environment as a host (by plain tcp); answers its id. */
export async function addHost(api: APIRequestContext, environmentId: string, lab: { name: string; endpoint: string }, timeout = 120_000): Promise<string> {
  const h = await api.post(`/api/v1/environments/${environmentId}/hosts`, { data: { name: lab.name, endpoint: lab.endpoint }, timeout });
  expect(h.status(), await h.text()).toBe(201);
  return ((await h.json()) as { id: string }).id;
}

/** Cleanup: removes the environment's apps, each awaited. */
export async function removeApps(api: APIRequestContext, environmentId: string, timeout = 120_000) {
  const apps = (await (await api.get(`/api/v1/environments/${environmentId}/apps`)).json()) as { items?: { id: string }[] };
  for (const a of apps.items ?? []) await remove(api, `/api/v1/apps/${a.id}`, timeout);
}

/** Cleanup: removes the environment's hosts, each awaited. */
export async function removeHosts(api: APIRequestContext, environmentId: string, timeout = 120_000) {
  const hosts = (await (await api.get(`/api/v1/environments/${environmentId}/hosts`)).json()) as { items?: { id: string }[] };
  for (const h of hosts.items ?? []) await remove(api, `/api/v1/hosts/${h.id}`, timeout);
}
