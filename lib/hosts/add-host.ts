// Add a Docker host to an environment: check the engine, then either create the environment's
// swarm (first host) or join it; with three hosts, all three become managers (raft quorum).
import { db, isUniqueViolation } from "@/lib/db";
import { connectionCategory, isUsableSshPrivateKey, parseEndpoint, type ParsedEndpoint } from "@/lib/docker";
import { appError, isAppError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { seal, unseal } from "@/lib/crypto";
import { withLock } from "@/lib/jobs/keyed-mutex";
import { loadEnvironment } from "@/lib/environments";
import { initSwarm, joinSwarm, promoteToManager } from "@/lib/orchestrator";
import { parseInput, keyed, z } from "@/lib/validation";
import { hostEngine, managerEngine, swarmAddrPool } from "./host-engine";
import { firstUseHostKeyVerifier, hostConnectGuard, isGuardedEndpoint } from "./host-network";
import { connectionFailure, mapConnectionError } from "./host-connection-errors";
import { toHostDto, type HostDto } from "./host-dto";
import { checkTlsMaterial, tlsHandshakeFieldError } from "./tls-material";
import { openGeneratedKey } from "./ssh-keypair";

const pem = z
  .string()
  .min(20)
  .max(20_000)
  .regex(/-----BEGIN [A-Z ]+-----/, "PEM text expected");
const input = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(63)
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "Letters, digits, . _ -"),
    endpoint: z.string().trim().max(300),
    tls: z.object({ ca: pem, cert: pem, key: pem }).strict().optional(),
    // ssh:// only: the host's own private key (unencrypted; it is stored sealed), or the sealed
    // key pair the portal generated (POST /environments/{id}/hosts/ssh-keypair). Never the agent.
    ssh: z
      .union([
        z.object({ privateKey: z.string().min(20).max(20_000).refine(isUsableSshPrivateKey, keyed("validation.sshPrivateKey")) }).strict(),
        z.object({ generatedKey: z.string().min(20).max(20_000) }).strict(),
      ])
      .optional(),
    advertiseAddr: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F.:]{2,45}$/, "An IP address")
      .optional(),
  })
  .strict();

export async function addHost({ actor, environmentId, input: raw }: { actor: Actor; environmentId: unknown; input: unknown }): Promise<HostDto> {
  const env = await loadEnvironment(actor, environmentId, { lenient: true });
  // A shared environment's hosts are the platform's (issue 16): admins only; its view's tenant for
  // an admin is PLATFORM_SCOPE, so the host row belongs to no tenant.
  if (env.shared) authorize(actor, "environment.shared.manage");
  else authorize(actor, "host.manage", { tenantId: env.tenantId, kind: "Environment" });
  const data = parseInput(input, raw);
  const parsed = parseEndpoint(data.endpoint);
  if (parsed.kind === "unix" || (parsed.kind === "tcp" && !data.tls)) authorize(actor, "host.insecure.manage");
  checkCredentialsMatchEndpoint(parsed, data);
  if (data.tls) checkTlsMaterial(data.tls);
  const sshPrivateKey = data.ssh ? ("privateKey" in data.ssh ? data.ssh.privateKey : openGeneratedKey(data.ssh.generatedKey, env.id)) : undefined;
  // T31: before anything else (and before any connection), so every refused address gets the same
  // answer whatever listens there; the transport checks again on every connection it opens.
  if (isGuardedEndpoint(parsed, Boolean(data.tls)) && parsed.kind !== "unix") {
    const verdict = await hostConnectGuard()(parsed.host).catch((e: unknown) => {
      throw mapConnectionError(e, `add host ${parsed.display}`);
    });
    if (!verdict.ok) {
      console.warn(`[hosts] add host ${parsed.display}: refused_by_policy (${verdict.reason})`);
      throw connectionFailure("refused_by_policy");
    }
  }
  const advertiseAddr = data.advertiseAddr ?? (parsed.kind === "unix" ? undefined : parsed.host.replace(/^\[|\]$/g, ""));
  if (!advertiseAddr || !/^[0-9a-fA-F.:]+$/.test(advertiseAddr)) {
    throw appError("VALIDATION", "hostErrors.advertiseAddr", undefined, "Give the host's IP address that other hosts reach it at.", {
      details: [problem("advertiseAddr", "fieldErrors.requiredForEndpoint", undefined, "Required for this endpoint")],
    });
  }

  return withLock(`env:${env.id}`, async () => {
    // One engine belongs to one environment of one tenant, ever (environments never share hosts).
    if (await db.host.findFirst({ where: { endpoint: parsed.display } })) {
      throw appError("CONFLICT", "hostErrors.alreadyRegistered", undefined, "This engine is already registered in the portal.", {
        details: [problem("endpoint", "fieldErrors.alreadyRegistered", undefined, "Already registered")],
      });
    }
    if (await db.host.findFirst({ where: { environmentId: env.id, name: data.name } })) {
      throw appError("CONFLICT", "hostErrors.nameTaken", { name: data.name }, `This environment already has a host named "${data.name}".`, {
        details: [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
      });
    }
    const sealed = {
      tlsCa: data.tls?.ca ?? null,
      tlsCert: data.tls?.cert ?? null,
      tlsKeyEnc: data.tls ? seal(data.tls.key) : null,
      sshKeyEnc: sshPrivateKey ? seal(sshPrivateKey) : null,
    };
    const hostKey = firstUseHostKeyVerifier();
    const engine = hostEngine({ id: "new", endpoint: parsed.display, ...sealed }, 8_000, { verifyHostKey: hostKey.verify });
    let info;
    try {
      info = await firstInfo(engine, parsed);
    } catch (e) {
      const mapped = mapConnectionError(e, `add host ${parsed.display}`);
      const category = isAppError(mapped) ? mapped.details?.[0]?.rule : undefined;
      if (data.tls && (category === "auth_failed" || category === "tls_failed")) throw tlsHandshakeFieldError(data.tls) ?? mapped;
      throw mapped;
    }
    if (info.swarm.state !== "inactive") {
      throw appError(
        "CONFLICT",
        "hostErrors.inSwarm",
        { endpoint: parsed.display },
        `The engine at ${parsed.display} already belongs to a swarm. Run "docker swarm leave --force" on it, or add another host.`,
        { details: [problem("endpoint", "fieldErrors.inSwarm", undefined, "Already in a swarm")] },
      );
    }

    const hostCount = await db.host.count({ where: { environmentId: env.id } });
    let nodeId: string;
    let swarmRole: "manager" | "worker";
    if (hostCount === 0) {
      const id = await initSwarm(engine, { advertiseAddr, defaultAddrPool: swarmAddrPool() }).catch((e: unknown) => {
        throw mapConnectionError(e, `init swarm on ${parsed.display}`);
      });
      nodeId = id.nodeId;
      swarmRole = "manager";
      await db.environment.update({
        where: { id: env.id },
        data: { swarmClusterId: id.clusterId, joinTokenWorkerEnc: seal(id.joinTokens.worker), joinTokenManagerEnc: seal(id.joinTokens.manager) },
      });
    } else {
      const fresh = await db.environment.findUniqueOrThrow({ where: { id: env.id } });
      const mgrHost = await db.host.findFirst({ where: { environmentId: env.id, swarmRole: "manager", status: "ready" }, orderBy: { createdAt: "asc" } });
      if (!fresh.joinTokenWorkerEnc || !mgrHost?.advertiseAddr)
        throw appError("CONFLICT", "hostErrors.noReadyManager", undefined, "No manager of this environment is ready to accept a new host; check the hosts.");
      ({ nodeId } = await joinSwarm(engine, { managerAddr: mgrHost.advertiseAddr, token: unseal(fresh.joinTokenWorkerEnc), advertiseAddr }).catch(
        (e: unknown) => {
          throw mapConnectionError(e, `join swarm from ${parsed.display}`);
        },
      ));
      swarmRole = "worker";
    }

    let host;
    try {
      host = await db.$transaction(async (tx) => {
        const h = await tx.host.create({
          data: {
            tenantId: env.tenantId,
            environmentId: env.id,
            name: data.name,
            endpoint: parsed.display,
            ...sealed,
            sshHostKey: parsed.kind === "ssh" ? hostKey.pinned() : null,
            status: "ready",
            swarmRole,
            nodeId,
            advertiseAddr,
            engineVersion: info.serverVersion,
            os: `${info.os} (${info.arch})`,
            cpus: info.ncpu,
            memoryBytes: BigInt(info.memTotal),
            lastSeenAt: new Date(),
          },
        });
        await recordAudit(tx, {
          actor,
          tenantId: env.tenantId,
          action: "host.add",
          targetType: "host",
          targetId: h.id,
          details: { name: h.name, endpoint: h.endpoint, swarmRole },
        });
        return h;
      });
    } catch (e) {
      // Undo the membership so the engine is not left in a swarm the portal does not know.
      await engine.swarmLeave({ force: true }).catch(() => undefined);
      if (isUniqueViolation(e))
        throw appError("CONFLICT", "hostErrors.nameTaken", { name: data.name }, `This environment already has a host named "${data.name}".`, {
          details: [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
        });
      throw e;
    }
    if (hostCount + 1 === 3) await promoteToThreeManagers(env.id);
    return toHostDto(await db.host.findUniqueOrThrow({ where: { id: host.id } }));
  });
}

const CREDENTIAL_MESSAGES = {
  sshKeyRequired: "An ssh:// host needs its own private key (the portal never uses its SSH agent).",
  sshKeyOnlyForSsh: "A private key is only used with ssh:// endpoints.",
  tlsOnlyForTcp: "TLS client material is only used with tcp:// endpoints.",
};

function checkCredentialsMatchEndpoint(parsed: ParsedEndpoint, data: { tls?: unknown; ssh?: unknown }): void {
  if (parsed.kind === "ssh" && !data.ssh) {
    throw appError("VALIDATION", "hostErrors.sshKeyRequired", undefined, CREDENTIAL_MESSAGES.sshKeyRequired, {
      details: [problem("ssh.privateKey", "fieldErrors.requiredForSsh", undefined, "Required for ssh://")],
    });
  }
  if (parsed.kind !== "ssh" && data.ssh)
    throw appError("VALIDATION", "hostErrors.sshKeyOnlyForSsh", undefined, CREDENTIAL_MESSAGES.sshKeyOnlyForSsh, {
      details: [problem("ssh", "fieldErrors.onlyForSsh", undefined, "Only for ssh://")],
    });
  if (parsed.kind !== "tcp" && data.tls)
    throw appError("VALIDATION", "hostErrors.tlsOnlyForTcp", undefined, CREDENTIAL_MESSAGES.tlsOnlyForTcp, {
      details: [problem("tls", "fieldErrors.onlyForTcp", undefined, "Only for tcp://")],
    });
}

/** Three managers tolerate the loss of one; promote the workers once there are three hosts. */
async function promoteToThreeManagers(environmentId: string): Promise<void> {
  const { engine } = await managerEngine(environmentId);
  const workers = await db.host.findMany({ where: { environmentId, swarmRole: "worker", nodeId: { not: null } } });
  for (const w of workers) {
    // Marked manager only once the node really acts as one (it takes a second or two).
    await promoteToManager(engine, { engine: hostEngine(w, 8_000), nodeId: w.nodeId! });
    await db.host.update({ where: { id: w.id }, data: { swarmRole: "manager" } });
  }
}

/**
 * The first question to a new host. Over ssh:// a connection that authenticated can still lose its
 * first channel (the remote `docker system dial-stdio` starting on a busy host): that answer,
 * "unreachable", is asked once more a second later; a refused key or host key is not.
 */
async function firstInfo(engine: ReturnType<typeof hostEngine>, parsed: ParsedEndpoint) {
  try {
    return await engine.info();
  } catch (e) {
    if (parsed.kind !== "ssh" || connectionCategory(e) !== "unreachable") throw e;
    console.warn(`[hosts] add host ${parsed.display}: the first SSH request failed (${(e as Error).message}); asking again`);
    await new Promise((r) => setTimeout(r, 1000));
    return engine.info();
  }
}
