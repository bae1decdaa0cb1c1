// `npm start` and Debian's docker-registry (CNCF Distribution), the binary of the embedded registry
// (lib/registry/supervisor.ts runs it as the portal's child). Plain Node, no dependencies.

/** Where the package puts it; CAAS_REGISTRY_BINARY overrides (as in the supervisor). */
export const DEFAULT_REGISTRY_BINARY = "/usr/bin/docker-registry";

/** The one command an operator runs to get it. */
export const REGISTRY_INSTALL_COMMAND = "sudo apt-get install -y docker-registry";

/**
 * What to do before the portal starts: "external" (CAAS_REGISTRY_URL: no embedded registry),
 * "present" (nothing to do, say nothing), "install" (root with apt-get: install the package), or
 * "advise" (print what to run and start anyway: images stay disabled until then). A custom
 * CAAS_REGISTRY_BINARY is never installed over: the package would not put it there.
 * @param {{ env: Record<string, string | undefined>, exists: (file: string) => boolean, isRoot: boolean }} o
 * @returns {"external" | "present" | "install" | "advise"}
 */
export function registryBinaryPlan({ env, exists, isRoot }) {
  if (env.CAAS_REGISTRY_URL) return "external";
  if (exists(env.CAAS_REGISTRY_BINARY || DEFAULT_REGISTRY_BINARY)) return "present";
  if (!env.CAAS_REGISTRY_BINARY && isRoot && exists("/usr/bin/apt-get")) return "install";
  return "advise";
}
