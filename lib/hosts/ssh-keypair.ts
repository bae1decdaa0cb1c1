// A key pair the portal generates for an ssh:// host (issue 15): the owner authorizes the public
// key on the host (~/.ssh/authorized_keys) and then adds the host with `ssh.generatedKey`. The
// private key never leaves the portal in the clear: the answer carries it sealed with the portal's
// key, bound to the environment and valid for a day, and add-host unseals it.
import { generateSshKeyPair } from "@/lib/docker";
import { seal, unseal } from "@/lib/crypto";
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { loadEnvironment } from "@/lib/environments";

const VALID_MS = 24 * 3600_000;

export async function createSshKeyPair({
  actor,
  environmentId,
}: {
  actor: Actor;
  environmentId: unknown;
}): Promise<{ publicKey: string; generatedKey: string; expiresAt: string }> {
  const env = await loadEnvironment(actor, environmentId, { lenient: true });
  if (env.shared) authorize(actor, "environment.shared.manage");
  else authorize(actor, "host.manage", { tenantId: env.tenantId, kind: "Environment" });
  const { privateKey, publicKey } = generateSshKeyPair(`caas-${env.id}`);
  const expiresAt = new Date(Date.now() + VALID_MS);
  return { publicKey, generatedKey: seal(JSON.stringify({ env: env.id, exp: expiresAt.getTime(), key: privateKey })), expiresAt: expiresAt.toISOString() };
}

/** The private key of a generated pair, for this environment only. */
export function openGeneratedKey(generatedKey: string, environmentId: string): string {
  const refuse = () =>
    appError(
      "VALIDATION",
      "hostErrors.generatedKeyInvalid",
      undefined,
      "The generated SSH key is not valid for this environment (or has expired): generate a new key pair.",
      {
        details: [problem("ssh.generatedKey", "fieldErrors.invalidOrExpired", undefined, "Invalid or expired")],
      },
    );
  let v: { env?: string; exp?: number; key?: string };
  try {
    v = JSON.parse(unseal(generatedKey)) as typeof v;
  } catch {
    throw refuse();
  }
  if (v.env !== environmentId || typeof v.exp !== "number" || v.exp < Date.now() || typeof v.key !== "string") throw refuse();
  return v.key;
}
