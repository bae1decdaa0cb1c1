// Issue 15: host details, usage history, labels and rename, generated SSH key pairs.
import type { Endpoint } from "./endpoints";

export const HOSTOPS_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/hosts/{id}",
    summary:
      "One host with its details: engine and OS version, CPUs, memory, Docker root, node labels and availability (from the swarm), and its own current CPU/memory/disk use (details.usage: the last reading; a look when it is older than 10 s starts a new probe in the background; details.diskWarning above 90 %). TLS and SSH material is never returned",
    who: "tenant members",
  },
  {
    method: "patch",
    path: "/api/v1/hosts/{id}",
    summary: "Rename the host (portal name) and/or set its engine node labels (used by placement constraints node.labels.x == y)",
    who: "tenant owner",
    body: { name: "string?", labels: "{ [key]: value }? (replaces all; no reserved prefixes com.docker., io.docker., caas.)" },
  },
  {
    method: "get",
    path: "/api/v1/hosts/{id}/metrics",
    summary: "The host's own CPU %, memory and Docker-root disk use over time (?range=1h|6h|24h), oldest first",
    who: "tenant members",
  },
  {
    method: "post",
    path: "/api/v1/environments/{id}/hosts/ssh-keypair",
    summary:
      "Generate an SSH key pair for an ssh:// host: publicKey to authorize on the host, generatedKey (the private key sealed by the portal, for this environment, valid 24 h) to pass as ssh.generatedKey when adding the host",
    who: "tenant owner",
    status: 201,
  },
];
