// Secrets and configs the portal keeps for an environment (owners and members write; viewers see
// names, versions and which apps use them). Values are sealed at rest (lib/crypto) and write-only:
// no endpoint, DTO, audit detail or log ever carries one — configs included (one rule; a config's
// content is visible inside the containers that mount it anyway). A PUT stores a new value as a
// new version; apps get it at their next deploy. A compose file refers to one by name
// (top-level `secrets: { x: { external: true } }` or `name:`); the deploy creates the swarm object
// (lib/orchestrator/swarm-objects.ts).
import { db, isUniqueViolation } from "@/lib/db";
import { seal } from "@/lib/crypto";
import { appError, notFound, problem } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { loadEnvironment } from "@/lib/environments";
import { id, parseInput, keyed, z } from "@/lib/validation";
import { appsUsing } from "./usage";

export type PortalObjectKind = "secret" | "config";

export interface PortalSecretDto {
  id: string;
  kind: PortalObjectKind;
  environmentId: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Apps whose current revision refers to it. */
  usedBy: { id: string; name: string }[];
}

/** Swarm's own limit on a secret's or config's data. */
export const MAX_VALUE_BYTES = 500 * 1024;

export const SECRET_MESSAGES = {
  name: "Names: letters, digits, '.', '_', '-', starting with a letter or digit, at most 64",
  taken: (kind: PortalObjectKind, name: string) => `This environment already has a ${kind} named "${name}".`,
  inUse: (kind: PortalObjectKind, name: string, apps: string[]) =>
    `The ${kind} "${name}" is used by ${apps.map((a) => `"${a}"`).join(", ")}; remove it from their compose files first.`,
};

const secretName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, SECRET_MESSAGES.name);
const secretValue = z.string().refine((v) => Buffer.byteLength(v, "utf8") <= MAX_VALUE_BYTES, keyed("validation.sizeAtMost", { size: "500 KiB" }));
const createInput = z.object({ name: secretName, value: secretValue }).strict();
const updateInput = z.object({ value: secretValue }).strict();

const label = (kind: PortalObjectKind) => (kind === "secret" ? "Secret" : "Config");

function toDto(
  r: { id: string; kind: string; environmentId: string; name: string; version: number; createdAt: Date; updatedAt: Date },
  usedBy: PortalSecretDto["usedBy"],
): PortalSecretDto {
  return {
    id: r.id,
    kind: r.kind === "config" ? "config" : "secret",
    environmentId: r.environmentId,
    name: r.name,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    usedBy,
  };
}

/** Names, versions, timestamps and users of an environment's secrets (or configs); never values. */
export async function listPortalSecrets({
  actor,
  environmentId,
  kind,
}: {
  actor: Actor;
  environmentId: unknown;
  kind: PortalObjectKind;
}): Promise<{ items: PortalSecretDto[] }> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "app.read", { tenantId: env.tenantId, kind: "Environment" });
  const rows = await db.portalSecret.findMany({
    where: { environmentId: env.id, tenantId: env.tenantId, kind },
    orderBy: { name: "asc" },
    omit: { valueEnc: true },
  });
  const users = await appsUsing(env.id, env.tenantId, kind);
  return { items: rows.map((r) => toDto(r, users.get(r.name) ?? [])) };
}

export async function createPortalSecret({
  actor,
  environmentId,
  kind,
  input,
}: {
  actor: Actor;
  environmentId: unknown;
  kind: PortalObjectKind;
  input: unknown;
}): Promise<PortalSecretDto> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "app.deploy", { tenantId: env.tenantId, kind: "Environment" });
  const data = parseInput(createInput, input);
  try {
    const row = await db.$transaction(async (tx) => {
      const r = await tx.portalSecret.create({
        data: { tenantId: env.tenantId, environmentId: env.id, kind, name: data.name, valueEnc: seal(data.value), createdById: actor.userId },
        omit: { valueEnc: true },
      });
      await recordAudit(tx, {
        actor,
        tenantId: env.tenantId,
        action: `${kind}.create`,
        targetType: kind,
        targetId: r.id,
        details: { name: r.name, version: r.version, environmentId: env.id },
      });
      return r;
    });
    return toDto(row, []);
  } catch (e) {
    if (isUniqueViolation(e))
      throw appError("CONFLICT", `secretErrors.taken.${kind}`, { name: data.name }, SECRET_MESSAGES.taken(kind, data.name), {
        details: [problem("name", `secretErrors.taken.${kind}`, { name: data.name }, SECRET_MESSAGES.taken(kind, data.name))],
      });
    throw e;
  }
}

async function loadPortalSecret(actor: Actor, secretId: unknown, kind: PortalObjectKind) {
  const sid = parseInput(id, secretId);
  const row = await db.portalSecret.findFirst({ where: { AND: [{ id: sid, kind }, tenantScope(actor)] }, omit: { valueEnc: true } });
  if (!row) throw notFound(label(kind));
  return row;
}

/** A new value: a new version. Running apps keep the version they were deployed with until their next deploy. */
export async function updatePortalSecret({
  actor,
  secretId,
  kind,
  input,
}: {
  actor: Actor;
  secretId: unknown;
  kind: PortalObjectKind;
  input: unknown;
}): Promise<PortalSecretDto> {
  const cur = await loadPortalSecret(actor, secretId, kind);
  authorize(actor, "app.deploy", { tenantId: cur.tenantId, kind: label(kind) });
  const data = parseInput(updateInput, input);
  const row = await db.$transaction(async (tx) => {
    const r = await tx.portalSecret.update({
      where: { id: cur.id },
      data: { valueEnc: seal(data.value), version: { increment: 1 } },
      omit: { valueEnc: true },
    });
    await recordAudit(tx, {
      actor,
      tenantId: cur.tenantId,
      action: `${kind}.update`,
      targetType: kind,
      targetId: r.id,
      details: { name: r.name, version: r.version },
    });
    return r;
  });
  const users = await appsUsing(row.environmentId, row.tenantId, kind);
  return toDto(row, users.get(row.name) ?? []);
}

/** Refused (409, naming them) while an app's current revision uses it. */
export async function deletePortalSecret({ actor, secretId, kind }: { actor: Actor; secretId: unknown; kind: PortalObjectKind }): Promise<void> {
  const cur = await loadPortalSecret(actor, secretId, kind);
  authorize(actor, "app.deploy", { tenantId: cur.tenantId, kind: label(kind) });
  const users = (await appsUsing(cur.environmentId, cur.tenantId, kind)).get(cur.name) ?? [];
  if (users.length > 0)
    throw appError(
      "CONFLICT",
      `secretErrors.inUse.${kind}`,
      { name: cur.name, apps: users.map((u) => `"${u.name}"`).join(", ") },
      SECRET_MESSAGES.inUse(
        kind,
        cur.name,
        users.map((u) => u.name),
      ),
    );
  await db.$transaction(async (tx) => {
    await tx.portalSecret.delete({ where: { id: cur.id } });
    await recordAudit(tx, { actor, tenantId: cur.tenantId, action: `${kind}.delete`, targetType: kind, targetId: cur.id, details: { name: cur.name } });
  });
}
