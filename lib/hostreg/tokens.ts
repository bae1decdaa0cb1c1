// Registration tokens (issue 15): a one-time, short-lived token for one environment, shown once in
// a command to paste on the new host; only its SHA-256 is stored. Owners of the environment's
// tenant and platform admins (shared environments: admins only), as for adding a host.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { sha256 } from "@/lib/crypto";
import { registrationOrigin } from "@/lib/config";
import { AppError, notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { loadEnvironment } from "@/lib/environments";
import { loadHost } from "@/lib/hosts";
import { id, parseInput, z } from "@/lib/validation";

export const TOKEN_PREFIX = "hr_";
export const DEFAULT_EXPIRY_SECONDS = 15 * 60;
export const MAX_EXPIRY_SECONDS = 60 * 60;

export type TokenState = "valid" | "used" | "completed" | "expired" | "revoked";

export interface RegistrationTokenDto {
  id: string;
  environmentId: string;
  purpose: "register" | "rotate";
  hostId: string | null;
  hostName: string | null;
  address: string | null;
  state: TokenState;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  completedAt: string | null;
  lastError: string | null;
}

export interface CreatedRegistrationToken {
  id: string;
  /** The one-line command with curl (the token is shown here once, never again). */
  command: string;
  commands: { curl: string; wget: string };
  expiresAt: string;
}

type Row = NonNullable<Awaited<ReturnType<typeof db.hostRegistrationToken.findFirst>>>;

export function tokenState(r: Row, now = new Date()): TokenState {
  if (r.revokedAt) return "revoked";
  if (r.completedAt) return "completed";
  if (r.usedAt) return "used";
  if (r.expiresAt <= now) return "expired";
  return "valid";
}

function toDto(r: Row): RegistrationTokenDto {
  return {
    id: r.id,
    environmentId: r.environmentId,
    purpose: r.purpose === "rotate" ? "rotate" : "register",
    hostId: r.hostId,
    hostName: r.hostName,
    address: r.address,
    state: tokenState(r),
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    usedAt: r.usedAt?.toISOString() ?? null,
    completedAt: r.completedAt?.toISOString() ?? null,
    lastError: r.lastError,
  };
}

/** The environment, if the actor may add hosts to it (same rule as lib/hosts addHost). */
async function managedEnvironment(actor: Actor, environmentId: unknown) {
  const env = await loadEnvironment(actor, environmentId, { lenient: true });
  if (env.shared) authorize(actor, "environment.shared.manage");
  else authorize(actor, "host.manage", { tenantId: env.tenantId, kind: "Environment" });
  return { id: env.id, tenantId: env.shared ? null : (env.tenantId as string | null) };
}

export function registrationCommands(token: string): { curl: string; wget: string } {
  const url = `${registrationOrigin()}/api/v1/hosts/register/${token}`;
  const q = `'${url.replace(/'/g, "'\\''")}'`;
  return { curl: `curl -fsSL ${q} | sudo sh`, wget: `wget -qO- ${q} | sudo sh` };
}

const createInput = z
  .object({
    /** Lifetime of the token; 15 minutes when not given. */
    expiresInSeconds: z.number().int().min(1).max(MAX_EXPIRY_SECONDS).optional(),
  })
  .strict();

async function insertToken(
  actor: Actor,
  env: { id: string; tenantId: string | null },
  o: { expiresInSeconds: number; purpose: "register" | "rotate"; hostId?: string; hostName?: string; address?: string },
): Promise<CreatedRegistrationToken> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + o.expiresInSeconds * 1000);
  const row = await db.$transaction(async (tx) => {
    const r = await tx.hostRegistrationToken.create({
      data: {
        environmentId: env.id,
        tenantId: env.tenantId,
        tokenHash: sha256(token),
        purpose: o.purpose,
        hostId: o.hostId ?? null,
        hostName: o.hostName ?? null,
        address: o.address ?? null,
        createdById: actor.userId,
        expiresAt,
      },
    });
    await recordAudit(tx, {
      actor,
      tenantId: env.tenantId,
      action: o.purpose === "rotate" ? "host.certificate.rotate.request" : "host.registration.create",
      targetType: o.purpose === "rotate" ? "host" : "environment",
      targetId: o.hostId ?? env.id,
      details: { tokenId: r.id, expiresAt: expiresAt.toISOString() },
    });
    return r;
  });
  const commands = registrationCommands(token);
  return { id: row.id, command: commands.curl, commands, expiresAt: row.expiresAt.toISOString() };
}

/** POST /environments/{id}/hosts/registration-tokens */
export async function createRegistrationToken({ actor, environmentId, input }: { actor: Actor; environmentId: unknown; input: unknown }) {
  const env = await managedEnvironment(actor, environmentId);
  const data = parseInput(createInput, input ?? {});
  return insertToken(actor, env, { expiresInSeconds: data.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS, purpose: "register" });
}

/** GET /environments/{id}/hosts/registration-tokens: newest first, never the token itself. */
export async function listRegistrationTokens({ actor, environmentId }: { actor: Actor; environmentId: unknown }) {
  const env = await managedEnvironment(actor, environmentId);
  const rows = await db.hostRegistrationToken.findMany({ where: { environmentId: env.id }, orderBy: { createdAt: "desc" }, take: 50 });
  return { items: rows.map(toDto) };
}

/** DELETE /environments/{id}/hosts/registration-tokens/{tokenId}: the token stops working at once. */
export async function revokeRegistrationToken({ actor, environmentId, tokenId }: { actor: Actor; environmentId: unknown; tokenId: unknown }) {
  const env = await managedEnvironment(actor, environmentId);
  const tid = parseInput(id, tokenId);
  const row = await db.hostRegistrationToken.findFirst({ where: { id: tid, environmentId: env.id } });
  if (!row) throw notFound("Token");
  const updated = await db.$transaction(async (tx) => {
    const u = row.revokedAt ? row : await tx.hostRegistrationToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      actor,
      tenantId: env.tenantId,
      action: "host.registration.revoke",
      targetType: "environment",
      targetId: env.id,
      details: { tokenId: row.id },
    });
    return u;
  });
  return toDto(updated);
}

/** POST /hosts/{id}/rotate-certificate: a one-time command (same script) that gives a host added
 * with the registration command a fresh key and server certificate from the environment's CA. */
export async function rotateHostCertificate({ actor, hostId, input }: { actor: Actor; hostId: unknown; input: unknown }) {
  const host = await loadHost(actor, hostId);
  const env = await managedEnvironment(actor, host.environmentId);
  const data = parseInput(createInput, input ?? {});
  const registered = await db.hostRegistrationToken.findFirst({ where: { hostId: host.id, environmentId: env.id, completedAt: { not: null } } });
  if (!registered || !registered.address || !registered.hostName) {
    throw new AppError("CONFLICT", "Only hosts added with the registration command get their certificate rotated by the portal.", undefined, {
      i18n: { key: "hostreg.errors.notRegistered" },
    });
  }
  return insertToken(actor, env, {
    expiresInSeconds: data.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS,
    purpose: "rotate",
    hostId: host.id,
    hostName: registered.hostName,
    address: registered.address,
  });
}

/** Whether the host page offers "Rotate certificate": a host added with the registration command. */
export async function isRegisteredHost({ actor, hostId }: { actor: Actor; hostId: unknown }): Promise<boolean> {
  const host = await loadHost(actor, hostId);
  authorize(actor, "host.read", { tenantId: host.tenantId, kind: "Host" });
  const row = await db.hostRegistrationToken.findFirst({
    where: { hostId: host.id, environmentId: host.environmentId, completedAt: { not: null } },
    select: { id: true },
  });
  return row !== null;
}
