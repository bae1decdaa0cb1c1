// Process configuration from the environment, read in one place. See README "Configuration".
import path from "node:path";

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.CAAS_DATA_DIR || path.join(process.cwd(), "data"));
}

export function publicOrigin(): string {
  return (process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, "");
}

export const VERSION = process.env.npm_package_version || "0.1.0";

/** The origin a machine running the host registration command reaches the portal at (issue 15):
 * CAAS_REGISTRATION_URL, else the public origin. */
export function registrationOrigin(): string {
  return (process.env.CAAS_REGISTRATION_URL || publicOrigin()).replace(/\/$/, "");
}
