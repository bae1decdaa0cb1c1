// Swarm secrets and configs of an app, made from the portal's own values at deploy time. Names are
// chosen by the portal — caas-<appId>-<name>-v<version>-<fingerprint> — so a new value (a new
// version) is a new object, and services switch to it with a rolling update (swarm objects cannot
// change). Versions no longer used are removed after a successful deploy and when the app goes.
import { createHash } from "node:crypto";
import { appError, isAppError } from "@/lib/errors";
import type { Engine, EngineServiceSpec, SwarmObjectKind } from "@/lib/docker";
import { LABEL, appLabels } from "./labels";
import type { DeployPlan, SwarmFile } from "./types";

// swarmkit: names of secrets/configs are at most 64 chars of [a-zA-Z0-9-_.], starting and ending alphanumeric.
const MAX_NAME = 64;

/** caas-<appId>-<name>-v<version>-<fingerprint>, shortened (with a hash) to swarm's 64 chars. */
export function swarmObjectName(appId: string, f: Pick<SwarmFile, "name" | "version" | "fingerprint">): string {
  const clean = f.name.replace(/[^a-zA-Z0-9_.-]+/g, "-").replace(/^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$/g, "") || "x";
  const tail = `-v${f.version}-${f.fingerprint}`;
  const head = `caas-${appId}-`;
  const room = MAX_NAME - head.length - tail.length;
  const body = clean.length <= room ? clean : `${clean.slice(0, Math.max(1, room - 7))}-${createHash("sha256").update(clean).digest("hex").slice(0, 6)}`;
  return `${head}${body}${tail}`;
}

export interface PreparedFiles {
  /** compose key → engine name, per kind (for buildServiceSpecs). */
  names: { secrets: Record<string, string>; configs: Record<string, string> };
  /** engine name → engine id (after ensureSwarmObjects). */
  ids: Map<string, string>;
}

const KINDS: SwarmObjectKind[] = ["secret", "config"];

export function plannedFileNames(plan: Pick<DeployPlan, "appId" | "files">): PreparedFiles["names"] {
  const names = { secrets: {} as Record<string, string>, configs: {} as Record<string, string> };
  for (const f of plan.files ?? []) (f.kind === "secret" ? names.secrets : names.configs)[f.key] = swarmObjectName(plan.appId, f);
  return names;
}

/** Creates the app's secrets/configs of this deploy that do not exist yet; answers engine name → id. */
export async function ensureSwarmObjects(
  manager: Engine,
  plan: Pick<DeployPlan, "tenantId" | "environmentId" | "appId" | "files">,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (!plan.files?.length) return ids;
  const labels = appLabels(plan);
  for (const kind of KINDS) {
    const wanted = plan.files.filter((f) => f.kind === kind);
    if (wanted.length === 0) continue;
    const existing = await manager.listSwarmObjects(kind, { label: [`${LABEL.app}=${plan.appId}`] });
    for (const f of wanted) {
      const name = swarmObjectName(plan.appId, f);
      if (ids.has(name)) continue;
      const found = existing.find((o) => o.name === name && o.labels[LABEL.app] === plan.appId);
      if (found) {
        ids.set(name, found.id);
        continue;
      }
      try {
        ids.set(name, await manager.createSwarmObject(kind, { name, labels, data: f.data }));
      } catch (e) {
        // made by an earlier, interrupted deploy of this app between our list and our create
        if (!isAppError(e) || e.code !== "CONFLICT") throw e;
        const again = (await manager.listSwarmObjects(kind, { name: [name] })).find((o) => o.name === name && o.labels[LABEL.app] === plan.appId);
        if (!again) throw e;
        ids.set(name, again.id);
      }
    }
  }
  return ids;
}

/** The spec with the ids of its secrets/configs filled in (they are referenced by name until they exist). */
export function withFileIds(spec: EngineServiceSpec, ids: Map<string, string>): EngineServiceSpec {
  const cs = spec.TaskTemplate.ContainerSpec;
  if (!cs.Secrets && !cs.Configs) return spec;
  const idOf = (name: string) => {
    const id = ids.get(name);
    if (!id) throw appError("INTERNAL", "deployment.errors.internal", undefined, `The swarm object ${name} was not created before its service.`);
    return id;
  };
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: {
        ...cs,
        Secrets: cs.Secrets?.map((r) => ({ ...r, SecretID: idOf(r.SecretName) })),
        Configs: cs.Configs?.map((r) => ({ ...r, ConfigID: idOf(r.ConfigName) })),
      },
    },
  };
}

/**
 * Removes the app's secrets/configs not named in `keep` (all of them when `keep` is empty). One
 * still used by a task that is shutting down is retried until the deadline, then left for the
 * next deploy's prune (the engine refuses to remove what a service uses). Answers the removed names.
 */
export async function pruneSwarmObjects(manager: Engine, appId: string, keep: Set<string>, opts?: { timeoutMs?: number }): Promise<string[]> {
  const deadline = Date.now() + (opts?.timeoutMs ?? 10_000);
  const removed: string[] = [];
  for (const kind of KINDS) {
    const mine = (await manager.listSwarmObjects(kind, { label: [`${LABEL.app}=${appId}`] })).filter(
      (o) => o.labels[LABEL.app] === appId && o.name.startsWith(`caas-${appId}-`),
    );
    for (const o of mine) {
      if (keep.has(o.name)) continue;
      for (;;) {
        try {
          await manager.removeSwarmObject(kind, o.id);
          removed.push(o.name);
          break;
        } catch (e) {
          if (isAppError(e) && e.code === "NOT_FOUND") break;
          if (Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
  }
  return removed;
}

/**
 * After a deploy became healthy: removes the app's secret/config versions its revision (`files`) no
 * longer uses. Best effort: a failure is logged by its kind only (an engine's text could quote a
 * secret's name or data) and the next deploy prunes again.
 */
export async function pruneUnusedFiles(manager: Engine, appId: string, files: SwarmFile[]): Promise<void> {
  const names = plannedFileNames({ appId, files });
  const keep = new Set([...Object.values(names.secrets), ...Object.values(names.configs)]);
  await pruneSwarmObjects(manager, appId, keep).catch((e) =>
    console.error("[deploy] pruning secrets/configs failed:", e instanceof Error ? e.name : "error", (e as { statusCode?: number })?.statusCode ?? ""),
  );
}
