// Which apps use which portal secrets/configs (their current revision's model), the check a deploy
// runs before writing anything (every reference names an existing portal object), and the
// resolution a deploy job does just before the engine (values unsealed into memory only).
import { db } from "@/lib/db";
import { unseal, sha256 } from "@/lib/crypto";
import { appError, problem, type ErrorDetail } from "@/lib/errors";
import { readStoredSpec, type AppSpec, type DeepReadonly } from "@/lib/compose";
import type { PortalObjectKind } from "./portal-secrets";

type Spec = AppSpec | DeepReadonly<AppSpec>;

const SECTION = { secret: "secrets", config: "configs" } as const;

export const USAGE_MESSAGES = {
  missing: (kind: PortalObjectKind, name: string) =>
    `This environment has no ${kind} named "${name}"; create it under the environment's ${SECTION[kind]} first (its value is kept by the portal, not in the file)`,
  invalid: "The compose file refers to secrets or configs this environment does not have",
  goneAtDeploy: (kind: PortalObjectKind, name: string) =>
    `The ${kind} "${name}" was deleted from the environment after this revision was made; create it again and redeploy.`,
};

function refsOf(spec: Spec, kind: PortalObjectKind): readonly { name: string; externalName: string }[] {
  return (kind === "secret" ? spec.secrets : spec.configs) ?? [];
}

function specOf(specJson: string): AppSpec | undefined {
  try {
    return readStoredSpec(specJson.startsWith("v1:") ? unseal(specJson) : specJson);
  } catch {
    return undefined;
  }
}

/** Portal object name → apps of the environment whose current revision refers to it. */
export async function appsUsing(environmentId: string, tenantId: string, kind: PortalObjectKind): Promise<Map<string, { id: string; name: string }[]>> {
  // tenant-scoped too: a shared environment holds several tenants' apps and objects (issue 16)
  const apps = await db.app.findMany({
    where: { environmentId, tenantId, currentRevisionId: { not: null } },
    select: { id: true, name: true, currentRevisionId: true },
  });
  const revs = await db.appRevision.findMany({
    where: { id: { in: apps.map((a) => a.currentRevisionId!) } },
    select: { id: true, appId: true, specJson: true },
  });
  const out = new Map<string, { id: string; name: string }[]>();
  for (const rev of revs) {
    const app = apps.find((a) => a.id === rev.appId);
    const spec = specOf(rev.specJson);
    if (!app || !spec) continue;
    for (const name of new Set(refsOf(spec, kind).map((r) => r.externalName))) out.set(name, [...(out.get(name) ?? []), { id: app.id, name: app.name }]);
  }
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

/** Throws VALIDATION naming the key path of every reference to a portal object the environment lacks. */
export async function checkPortalReferences(environmentId: string, tenantId: string, spec: Spec): Promise<void> {
  const problems: ErrorDetail[] = [];
  for (const kind of ["secret", "config"] as const) {
    const refs = refsOf(spec, kind);
    if (refs.length === 0) continue;
    const have = new Set(
      (await db.portalSecret.findMany({ where: { environmentId, tenantId, kind, name: { in: refs.map((r) => r.externalName) } }, select: { name: true } })).map(
        (r) => r.name,
      ),
    );
    for (const r of refs)
      if (!have.has(r.externalName))
        problems.push(
          problem(`${SECTION[kind]}.${r.name}`, `secretErrors.missing.${kind}`, { name: r.externalName }, USAGE_MESSAGES.missing(kind, r.externalName)),
        );
  }
  if (problems.length) throw appError("VALIDATION", "secretErrors.invalid", undefined, USAGE_MESSAGES.invalid, { details: problems });
}

/** What the swarm driver needs to create one portal object for an app. */
export interface PortalFile {
  kind: PortalObjectKind;
  /** The top-level key in the compose file (what services' `secrets:`/`configs:` name). */
  key: string;
  /** Portal object name and version, for the engine object's name. */
  name: string;
  version: number;
  /** Changes with the object's identity and version (a deleted and re-created secret gets a new one). */
  fingerprint: string;
  data: string;
}

/** The current values of every portal object `spec` refers to, for a deploy job (system). */
export async function resolvePortalFiles(environmentId: string, spec: Spec, tenantId: string): Promise<PortalFile[]> {
  const out: PortalFile[] = [];
  for (const kind of ["secret", "config"] as const) {
    for (const ref of refsOf(spec, kind)) {
      const row = await db.portalSecret.findUnique({ where: { environmentId_tenantId_kind_name: { environmentId, tenantId, kind, name: ref.externalName } } });
      if (!row)
        throw appError("CONFLICT", `secretErrors.goneAtDeploy.${kind}`, { name: ref.externalName }, USAGE_MESSAGES.goneAtDeploy(kind, ref.externalName));
      out.push({
        kind,
        key: ref.name,
        name: row.name,
        version: row.version,
        fingerprint: sha256(`${row.id}:${row.version}`).slice(0, 8),
        data: unseal(row.valueEnc),
      });
    }
  }
  return out;
}
