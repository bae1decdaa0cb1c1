// What a user is told when the portal cannot use an endpoint: one sentence per category, naming
// the field, never the engine's, Node's or OpenSSL's own text (that goes to the server log), and
// never anything that depends on what listens behind a refused address (T31: no probing).
import { connectionCategory, type ConnectionCategory } from "@/lib/docker";
import { AppError, appError, problem } from "@/lib/errors";

export const CONNECTION_MESSAGES: Record<ConnectionCategory, { message: string; field: string }> = {
  refused_by_policy: {
    message:
      "The portal does not connect to this endpoint's address: host endpoints may not point at loopback, link-local or the portal's own addresses, or at networks a platform administrator has reserved.",
    field: "Address not allowed",
  },
  unreachable: {
    message: "The portal could not reach an engine at this endpoint: check the address and the port, and that the host is up.",
    field: "Engine unreachable",
  },
  not_docker: {
    message: "Something answers at this endpoint, but not a Docker Engine API: check the port (and, for ssh://, that docker is installed on the host).",
    field: "Not a Docker engine",
  },
  tls_failed: {
    message: "The TLS connection to this endpoint failed: check that the engine uses TLS on this port and that its certificate matches the CA certificate.",
    field: "TLS failed",
  },
  auth_failed: {
    message: "The engine refused the portal's credentials: check the client certificate and key (tcp://) or the SSH user and private key (ssh://).",
    field: "Authentication failed",
  },
  host_key_changed: {
    message: "The host presents another SSH host key than the one recorded when it was added. If it was reinstalled, remove the host and add it again.",
    field: "SSH host key changed",
  },
};

export function connectionFailure(category: ConnectionCategory, cause?: unknown): AppError {
  const m = CONNECTION_MESSAGES[category];
  return appError(category === "refused_by_policy" ? "POLICY" : "VALIDATION", `hostErrors.connection.${category}`, undefined, m.message, {
    details: [problem("endpoint", `hostErrors.connectionField.${category}`, undefined, m.field, category)],
    cause,
  });
}

/** An engine call's failure as the user-safe field error, or the error itself when the engine
 * answered (not a connection problem). The raw error is logged here, once. */
export function mapConnectionError(e: unknown, context: string): unknown {
  const category = connectionCategory(e);
  if (!category) return e;
  console.warn(`[hosts] ${context}: ${category}`, e);
  return connectionFailure(category, e);
}
