// Engine object names. Every name embeds the app id (a database id, unique across tenants), so
// two tenants' apps never collide on a service, network or volume name even when their compose
// files are identical, and apps never share volumes.
import { createHash } from "node:crypto";
import { appError, problem } from "@/lib/errors";

// swarmkit: service names must be DNS labels: ^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$, at most 63 chars
const MAX_SERVICE_NAME = 63;
const ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,39}$/;

function hash6(s: string): string {
  return createHash("sha256").update(s).digest("hex").slice(0, 6);
}

function checkAppId(appId: string): string {
  if (!ID.test(appId)) {
    throw appError("VALIDATION", "orchestratorErrors.appId", undefined, "App id must be 1-40 letters, digits, '_' or '-'", {
      details: [problem("appId", "fieldErrors.invalid", undefined, "invalid id")],
    });
  }
  return appId;
}

/** "my.svc_1" → "my-svc-1" (runs of anything else become one "-", no leading/trailing "-"). */
function dnsSafe(s: string): string {
  return s.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** Fit `base` + "-<hash>" into `max` chars when `base` was altered or is too long. */
function fit(base: string, original: string, max: number, altered: boolean): string {
  if (!altered && base.length <= max) return base;
  const suffix = `-${hash6(original)}`;
  return `${base.slice(0, max - suffix.length).replace(/-+$/, "")}${suffix}`;
}

export function appNetworkName(appId: string): string {
  return `caas-${checkAppId(appId)}`;
}

/** Prefix shared by all of an app's service names (used to double-check label matches). */
export function appServicePrefix(appId: string): string {
  return `caas-${checkAppId(appId)}-`;
}

export function serviceEngineName(appId: string, serviceName: string): string {
  const clean = dnsSafe(serviceName);
  if (!clean)
    throw appError("VALIDATION", "orchestratorErrors.serviceName", { name: serviceName }, `Service name "${serviceName}" has no letters or digits`, {
      details: [problem(`services.${serviceName}`, "fieldErrors.invalidName", undefined, "invalid name")],
    });
  const base = `${appServicePrefix(appId)}${clean}`;
  return fit(base, `${appId}/${serviceName}`, MAX_SERVICE_NAME, clean !== serviceName);
}

/** Prefix shared by all of an app's named volumes. */
export function volumeEnginePrefix(appId: string): string {
  return `caas_${checkAppId(appId)}_`;
}

/** Named volumes are app-scoped: caas_<appId>_<name>. */
export function volumeEngineName(appId: string, volumeName: string): string {
  const clean = volumeName.replace(/[^a-zA-Z0-9_.-]+/g, "-").replace(/^[^a-zA-Z0-9]+/, "");
  if (!clean)
    throw appError("VALIDATION", "orchestratorErrors.volumeName", { name: volumeName }, `Volume name "${volumeName}" has no letters or digits`, {
      details: [problem(`volumes.${volumeName}`, "fieldErrors.invalidName", undefined, "invalid name")],
    });
  const base = `${volumeEnginePrefix(appId)}${clean}`;
  return fit(base, `${appId}/${volumeName}`, 128, clean !== volumeName);
}
