// The three unauthenticated steps of the registration command (issue 15), each authorized only by
// the one-time token in the path:
//   GET  /hosts/register/{token}           the script, while the token is valid (404 unknown, 410 used/expired/revoked)
//   POST /hosts/register/{token}/csr       the host's CSR → its server certificate + the CA (consumes the token)
//   POST /hosts/register/{token}/complete  the engine now listens with TLS: connect, check, join (lib/hosts addHost)
import { db } from "@/lib/db";
import { seal, sha256 } from "@/lib/crypto";
import { registrationOrigin } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { loadActorByUserId } from "@/lib/auth/load-actor";
import { addHost, hostEngine } from "@/lib/hosts";
import { parseInput, z } from "@/lib/validation";
import { environmentCa, issueClientCert, readCsr, signServerCert } from "./ca";
import { TOKEN_PREFIX, tokenState } from "./tokens";
import { registrationScript } from "./script";

/** How long after its CSR step a host may report that its engine is ready. */
const COMPLETE_WITHIN_MS = 15 * 60 * 1000;

function unknownToken(): AppError {
  return new AppError("NOT_FOUND", "This registration command is not known to the portal.", undefined, { i18n: { key: "hostreg.errors.unknownToken" } });
}
/** Answered with 410 by the transport (details[0].rule = "gone"). */
function goneToken(): AppError {
  return new AppError(
    "NOT_FOUND",
    "This registration command was already used, has expired or was revoked: create a new one in the portal.",
    [{ path: "token", message: "gone", rule: "gone" }],
    { i18n: { key: "hostreg.errors.goneToken" } },
  );
}
export function isGone(e: unknown): boolean {
  return e instanceof AppError && e.details?.[0]?.rule === "gone";
}

async function findToken(token: unknown) {
  if (typeof token !== "string" || !/^hr_[A-Za-z0-9_-]{20,100}$/.test(token) || !token.startsWith(TOKEN_PREFIX)) throw unknownToken();
  const row = await db.hostRegistrationToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row) throw unknownToken();
  return row;
}

/** GET /hosts/register/{token}: the POSIX sh script, for a token that is still valid. */
export async function registrationScriptFor({ token }: { token: unknown }): Promise<string> {
  const row = await findToken(token);
  if (tokenState(row) !== "valid") throw goneToken();
  const env = await db.environment.findUnique({ where: { id: row.environmentId }, select: { name: true } });
  if (!env) throw goneToken();
  return registrationScript({
    portal: registrationOrigin(),
    token: token as string,
    environmentName: env.name,
    mode: row.purpose === "rotate" ? "rotate" : "register",
    hostName: row.hostName,
    address: row.address,
  });
}

const hostName = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "Letters, digits, . _ -");
const ipv4 = z
  .string()
  .trim()
  .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, "An IPv4 address");
const declared = z.object({ name: hostName, address: ipv4, port: z.coerce.number().int().min(1).max(65535).default(2376) });

function namesMismatch(message: string): AppError {
  return new AppError("POLICY", message, [{ path: "csr", message: "Names another host", rule: "csr_names" }], { i18n: { key: "hostreg.errors.csrNames" } });
}

/** POST /hosts/register/{token}/csr?name=&address=&port=: body = the host's PEM CSR. The CSR must
 * name exactly the declared host (CN = name; SANs only DNS:name and IP:address, the address
 * required); a rotation's host is the one the token was made for. Consumes the token. */
export async function signRegistrationCsr({ token, query, csr }: { token: unknown; query: Record<string, string>; csr: string }): Promise<string> {
  const row = await findToken(token);
  if (tokenState(row) !== "valid") throw goneToken();
  const d = parseInput(declared, query);
  if (row.purpose === "rotate" && (d.name !== row.hostName || d.address !== row.address)) {
    throw namesMismatch(`This command renews the certificate of host ${row.hostName} (${row.address}) only.`);
  }
  const names = await readCsr(csr);
  const ok = names.subject === `CN=${d.name}` && names.ips.length > 0 && names.ips.every((ip) => ip === d.address) && names.dns.every((n) => n === d.name);
  if (!ok) throw namesMismatch("The certificate request names another host than the one declared: it was refused.");
  if (row.purpose === "register") {
    const taken = await db.host.findFirst({ where: { OR: [{ advertiseAddr: d.address }, { endpoint: { startsWith: `tcp://${d.address}:` } }] } });
    if (taken) {
      throw new AppError(
        "CONFLICT",
        `An engine at ${d.address} is already a host in the portal. To renew its certificate, use "Rotate certificate" on its page.`,
        undefined,
        {
          i18n: { key: "hostreg.errors.alreadyRegistered", params: { address: d.address } },
        },
      );
    }
    if (await db.host.findFirst({ where: { environmentId: row.environmentId, name: d.name } })) {
      throw new AppError("CONFLICT", `This environment already has a host named "${d.name}": set CAAS_HOST_NAME to another name.`, undefined, {
        i18n: { key: "hostreg.errors.nameTaken", params: { name: d.name } },
      });
    }
  }
  // One use: only the first caller gets past this line.
  const now = new Date();
  const claimed = await db.hostRegistrationToken.updateMany({
    where: { id: row.id, usedAt: null, revokedAt: null, completedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now, hostName: d.name, address: d.address },
  });
  if (claimed.count !== 1) throw goneToken();
  const ca = await environmentCa(row.environmentId, row.tenantId);
  const signed = await signServerCert(ca, csr, d);
  await db.hostRegistrationToken.update({ where: { id: row.id }, data: { certSerial: signed.serial } });
  return signed.certPem.trim() + "\n" + ca.certPem.trim() + "\n";
}

/** POST /hosts/register/{token}/complete?port=: the engine listens with TLS now. */
export async function completeRegistration({ token, query }: { token: unknown; query: Record<string, string> }): Promise<string> {
  const row = await findToken(token);
  if (row.revokedAt || !row.usedAt || row.completedAt || Date.now() - row.usedAt.getTime() > COMPLETE_WITHIN_MS || !row.hostName || !row.address)
    throw goneToken();
  const { port } = parseInput(z.object({ port: z.coerce.number().int().min(1).max(65535).default(2376) }), query);
  const claimed = await db.hostRegistrationToken.updateMany({ where: { id: row.id, completedAt: null, revokedAt: null }, data: { completedAt: new Date() } });
  if (claimed.count !== 1) throw goneToken();
  try {
    const actor = await loadActorByUserId(row.createdById, "token");
    if (!actor)
      throw new AppError("FORBIDDEN", "The user who created this command can no longer add hosts.", undefined, { i18n: { key: "hostreg.errors.creatorGone" } });
    const ca = await environmentCa(row.environmentId, row.tenantId);
    const client = await issueClientCert(ca, `caas-portal-${row.environmentId}`);
    const endpoint = `tcp://${row.address}:${port}`;
    if (row.purpose === "rotate") {
      const host = await db.host.findFirst({ where: { id: row.hostId ?? "", environmentId: row.environmentId } });
      if (!host) throw goneToken();
      const material = { tlsCa: ca.certPem, tlsCert: client.certPem, tlsKeyEnc: seal(client.keyPem) };
      try {
        await hostEngine({ id: host.id, endpoint: host.endpoint, ...material }, 8_000).info();
      } catch (e) {
        throw new AppError("VALIDATION", "The portal could not reach the engine over TLS with the new certificate.", undefined, {
          cause: e,
          i18n: { key: "hostreg.errors.rotateUnreachable" },
        });
      }
      await db.$transaction(async (tx) => {
        await tx.host.update({ where: { id: host.id }, data: material });
        await recordAudit(tx, {
          actor,
          tenantId: row.tenantId,
          action: "host.certificate.rotate",
          targetType: "host",
          targetId: host.id,
          details: { serial: row.certSerial },
        });
      });
      return `The certificate of host ${host.name} was renewed; the portal reaches it over TLS.\n`;
    }
    const host = await addHost({
      actor,
      environmentId: row.environmentId,
      input: { name: row.hostName, endpoint, advertiseAddr: row.address, tls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem } },
    });
    await db.hostRegistrationToken.update({ where: { id: row.id }, data: { hostId: host.id, lastError: null } });
    return `Host ${host.name} (${endpoint}) is registered and ${host.status} as a swarm ${host.swarmRole ?? "node"}.\n`;
  } catch (e) {
    const message = e instanceof AppError ? e.message : "internal error";
    await db.hostRegistrationToken.update({ where: { id: row.id }, data: { completedAt: null, lastError: message.slice(0, 500) } }).catch(() => undefined);
    throw e;
  }
}
