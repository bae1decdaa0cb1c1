// Identity providers (issue 14): LDAP/AD directories and OIDC providers, managed by platform
// admins. Settings are stored as JSON; the bind password / client secret is sealed and write-only:
// answers say only whether one is set.
import type { IdentityProvider } from "@prisma/client";
import { db, isUniqueViolation } from "@/lib/db";
import { AppError, appError, notFound, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { seal, unseal } from "@/lib/crypto";
import { id, parseInput, z } from "@/lib/validation";
import { ldapSettingsSchema, type LdapSettings } from "./ldap/ldap-settings";
import { oidcSettingsSchema, type OidcSettings } from "./oidc-settings";

export type ProviderKind = "ldap" | "oidc";

export interface IdentityProviderDto {
  id: string;
  kind: ProviderKind;
  name: string;
  enabled: boolean;
  settings: LdapSettings | OidcSettings;
  /** Whether a bind password / client secret is stored (never the value). */
  secretSet: boolean;
  lastSyncAt: string | null;
  lastSyncResult: string;
  createdAt: string;
}

const providerName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^<>]+$/, "Letters, digits, spaces and punctuation");

const createInput = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("ldap"),
      name: providerName,
      enabled: z.boolean().default(true),
      settings: ldapSettingsSchema,
      bindPassword: z.string().max(500).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("oidc"),
      name: providerName,
      enabled: z.boolean().default(true),
      settings: oidcSettingsSchema,
      clientSecret: z.string().max(2000).optional(),
    })
    .strict(),
]);

const updateInput = z
  .object({
    name: providerName.optional(),
    enabled: z.boolean().optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    /** A new secret; left out keeps the stored one. */
    bindPassword: z.string().max(500).optional(),
    clientSecret: z.string().max(2000).optional(),
  })
  .strict();

export function parseProviderSettings(row: Pick<IdentityProvider, "kind" | "settings">): LdapSettings | OidcSettings {
  const raw = JSON.parse(row.settings) as unknown;
  return row.kind === "ldap" ? ldapSettingsSchema.parse(raw) : oidcSettingsSchema.parse(raw);
}

export function providerSecret(row: Pick<IdentityProvider, "secret">): string {
  return row.secret ? unseal(row.secret) : "";
}

export function toProviderDto(row: IdentityProvider): IdentityProviderDto {
  return {
    id: row.id,
    kind: row.kind as ProviderKind,
    name: row.name,
    enabled: row.enabled,
    settings: parseProviderSettings(row),
    secretSet: Boolean(row.secret),
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastSyncResult: row.lastSyncResult,
    createdAt: row.createdAt.toISOString(),
  };
}

function conflictName(name: string): AppError {
  return appError("CONFLICT", "identityErrors.providerNameTaken", { name }, `An identity provider named "${name}" already exists.`, {
    details: [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
  });
}

export async function listIdentityProviders({ actor }: { actor: Actor }): Promise<{ items: IdentityProviderDto[] }> {
  authorize(actor, "identity.manage");
  const rows = await db.identityProvider.findMany({ orderBy: { createdAt: "asc" } });
  return { items: rows.map(toProviderDto) };
}

export async function getIdentityProvider({ actor, providerId }: { actor: Actor; providerId: unknown }): Promise<IdentityProviderDto> {
  authorize(actor, "identity.manage");
  const row = await db.identityProvider.findUnique({ where: { id: parseInput(id, providerId) } });
  if (!row) throw notFound("Identity provider");
  return toProviderDto(row);
}

export async function createIdentityProvider({ actor, input }: { actor: Actor; input: unknown }): Promise<IdentityProviderDto> {
  authorize(actor, "identity.manage");
  const data = parseInput(createInput, input);
  const secret = data.kind === "ldap" ? data.bindPassword : data.clientSecret;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.identityProvider.create({
        data: { kind: data.kind, name: data.name, enabled: data.enabled, settings: JSON.stringify(data.settings), secret: secret ? seal(secret) : null },
      });
      // Never the secret, in any form.
      await recordAudit(tx, {
        actor,
        action: "identity.provider.create",
        targetType: "identity-provider",
        targetId: row.id,
        details: { kind: row.kind, name: row.name, enabled: row.enabled, secretSet: Boolean(secret) },
      });
      return toProviderDto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflictName(data.name);
    throw e;
  }
}

export async function updateIdentityProvider({
  actor,
  providerId,
  input,
}: {
  actor: Actor;
  providerId: unknown;
  input: unknown;
}): Promise<IdentityProviderDto> {
  authorize(actor, "identity.manage");
  const pid = parseInput(id, providerId);
  const data = parseInput(updateInput, input);
  const before = await db.identityProvider.findUnique({ where: { id: pid } });
  if (!before) throw notFound("Identity provider");
  const merged = { settings: { ...JSON.parse(before.settings), ...data.settings } };
  const settings =
    data.settings === undefined
      ? undefined
      : before.kind === "ldap"
        ? parseInput(z.object({ settings: ldapSettingsSchema }), merged).settings
        : parseInput(z.object({ settings: oidcSettingsSchema }), merged).settings;
  const secret = before.kind === "ldap" ? data.bindPassword : data.clientSecret;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.identityProvider.update({
        where: { id: pid },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
          ...(settings !== undefined ? { settings: JSON.stringify(settings) } : {}),
          ...(secret !== undefined ? { secret: secret ? seal(secret) : null } : {}),
        },
      });
      await recordAudit(tx, {
        actor,
        action: "identity.provider.update",
        targetType: "identity-provider",
        targetId: pid,
        details: {
          name: data.name,
          enabled: data.enabled,
          settingsChanged: settings !== undefined || undefined,
          secretChanged: secret !== undefined || undefined,
        },
      });
      return toProviderDto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e) && data.name) throw conflictName(data.name);
    throw e;
  }
}

/** Deletes a provider: its mappings and links go; memberships and admin rights it granted are removed. */
export async function deleteIdentityProvider({ actor, providerId }: { actor: Actor; providerId: unknown }): Promise<void> {
  authorize(actor, "identity.manage");
  const pid = parseInput(id, providerId);
  const affected = await db.$transaction(async (tx) => {
    const row = await tx.identityProvider.findUnique({ where: { id: pid } });
    if (!row) throw notFound("Identity provider");
    const members = await tx.membership.findMany({ where: { source: pid }, select: { userId: true } });
    const admins = await tx.user.findMany({ where: { platformAdminBy: pid }, select: { id: true } });
    await tx.membership.deleteMany({ where: { source: pid } });
    await tx.user.updateMany({ where: { platformAdminBy: pid }, data: { platformAdmin: false, platformAdminBy: null, sessionVersion: { increment: 1 } } });
    await tx.identityProvider.delete({ where: { id: pid } });
    await recordAudit(tx, { actor, action: "identity.provider.delete", targetType: "identity-provider", targetId: pid, details: { name: row.name } });
    return [...members.map((m) => m.userId), ...admins.map((a) => a.id)];
  });
  if (affected.length) announceAccessChange(...affected);
}
