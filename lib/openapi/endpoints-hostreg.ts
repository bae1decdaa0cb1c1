// Issue 15: the host registration command and certificate rotation of registered hosts.
import type { Endpoint } from "./endpoints";

export const HOSTREG_ENDPOINTS: Endpoint[] = [
  {
    method: "post",
    path: "/api/v1/environments/{id}/hosts/registration-tokens",
    summary:
      "A one-time registration command for this environment: { id, command (curl), commands { curl, wget }, expiresAt }. The token in it is shown once (only its hash is stored) and expires after expiresInSeconds (default 900, at most 3600)",
    who: "tenant owners of the environment, platform admins (shared environments: platform admins)",
    body: { expiresInSeconds: "number? (1-3600)" },
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/environments/{id}/hosts/registration-tokens",
    summary: "The environment's registration commands, newest first, with their state (valid | used | completed | expired | revoked); never the token",
    who: "tenant owners of the environment, platform admins",
  },
  {
    method: "delete",
    path: "/api/v1/environments/{id}/hosts/registration-tokens/{tokenId}",
    summary: "Revoke a registration command: its token stops working at once",
    who: "tenant owners of the environment, platform admins",
  },
  {
    method: "get",
    path: "/api/v1/hosts/register/{token}",
    summary:
      "The registration script (POSIX sh, text/plain) while the token is valid; 404 for an unknown token, 410 once it was used, expired or was revoked. No other authentication",
    who: "anyone with the one-time token",
    public: true,
  },
  {
    method: "post",
    path: "/api/v1/hosts/register/{token}/csr",
    summary:
      "The script's certificate step (?name=&address=&port=, body: the host's PEM CSR): the CSR must name exactly the declared host (CN = name, SANs DNS:name and IP:address), else 422. Answers the server certificate and the environment's CA certificate (PEM). Consumes the token",
    who: "anyone with the one-time token",
    public: true,
  },
  {
    method: "post",
    path: "/api/v1/hosts/register/{token}/complete",
    summary:
      "The script's last step (?port=, default 2376): the portal connects to the engine with a client certificate of the environment's CA, checks it and adds it like POST /environments/{id}/hosts (a rotation: checks the engine with a fresh client certificate). Plain-text answer",
    who: "anyone with the one-time token whose certificate step succeeded",
    public: true,
  },
  {
    method: "post",
    path: "/api/v1/hosts/{id}/rotate-certificate",
    summary:
      "Certificate rotation of a host added with the registration command: a one-time command like the registration one ({ id, command, commands, expiresAt }); run on the host, it makes a new key and server certificate and restarts dockerd",
    who: "tenant owners of the host's environment, platform admins",
    body: { expiresInSeconds: "number? (1-3600)" },
    status: 201,
  },
];
