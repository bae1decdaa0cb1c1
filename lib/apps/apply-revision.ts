// Applying a stored revision to the swarm: judged by today's policy first (revision-policy.ts),
// then the engine. The single way a job reaches deployApp, for every path that applies a stored
// spec: a deploy (create, redeploy, rollback, market image), a deploy job resumed after a restart,
// the start of a stopped app. Its dependencies are parameters so unit tests pass fakes.
import { withServiceImages, type AppSpec, type PolicyChecked } from "@/lib/compose";
import type { Engine } from "@/lib/docker";
import type { DeployPlan, DeployProgress, DeployResult, SwarmFile, deployApp } from "@/lib/orchestrator";
import { appError } from "@/lib/errors";
import { checkStoredRevision, type PolicyEnvironment } from "./revision-policy";

export interface ApplyRevisionDeps {
  /** A manager engine of the environment's swarm. */
  engineFor(environmentId: string): Promise<Engine>;
  deploy: typeof deployApp;
  /** X-Registry-Auth for the app's images (a short-lived pull credential of its tenant). */
  registryAuthFor(tenantId: string, images: string[]): Promise<string | undefined>;
  /** The current values of the portal secrets/configs the model refers to (none: not needed). */
  filesFor?(environmentId: string, spec: PolicyChecked<AppSpec>["spec"], tenantId: string): Promise<SwarmFile[]>;
  /** The environment's logging target as a driver for every service (issue 19; none: compose's own). */
  logDriverFor?(environmentId: string, tenantId: string): Promise<DeployPlan["logDriver"]>;
  /** Issue 17: the region's registry instead of the default one for the portal's images (each one
   * there: copied and waited for), with its pull credential; null = pull as written. */
  regionPullFor?(environmentId: string, tenantId: string, images: readonly string[]): Promise<RegionPullPlan | null>;
}

export interface RegionPullPlan {
  /** image as written → the same repository and reference on the region's registry */
  images: Record<string, string>;
  registryAuth: string | undefined;
}

/** The checked model as the environment's hosts pull it, and the credential for that (issue 17). */
export async function pullPlan(
  checked: PolicyChecked<AppSpec>,
  app: { tenantId: string; environmentId: string },
  deps: Pick<ApplyRevisionDeps, "registryAuthFor" | "regionPullFor">,
): Promise<{ checked: PolicyChecked<AppSpec>; registryAuth: string | undefined }> {
  const images = checked.spec.services.map((s) => s.image);
  const regional = deps.regionPullFor ? await deps.regionPullFor(app.environmentId, app.tenantId, images) : null;
  if (regional) return { checked: withServiceImages(checked, regional.images), registryAuth: regional.registryAuth };
  return { checked, registryAuth: await deps.registryAuthFor(app.tenantId, images) };
}

export interface ApplyRevisionInput {
  revision: { id: string; specJson: string };
  app: { id: string; name: string; tenantId: string; environmentId: string };
  environment: PolicyEnvironment;
  /** Each engine step (the service being applied first, so an error can name it). */
  onProgress?: (p: DeployProgress) => void;
}

/**
 * Throws POLICY (naming each rule the revision breaks today) before any engine call; otherwise
 * deploys the checked model and returns it with the engine's result.
 */
export async function applyStoredRevision(
  o: ApplyRevisionInput,
  deps: ApplyRevisionDeps,
): Promise<{ checked: PolicyChecked<AppSpec>; engine: Engine; result: DeployResult; files: SwarmFile[] }> {
  const stored = checkStoredRevision(o.environment, o.revision);
  const engine = await deps.engineFor(o.app.environmentId);
  const { checked, registryAuth } = await pullPlan(stored, o.app, deps);
  const refersToFiles = (checked.spec.secrets?.length ?? 0) + (checked.spec.configs?.length ?? 0) > 0;
  if (refersToFiles && !deps.filesFor) throw appError("INTERNAL", "errors.INTERNAL", undefined, "This deploy cannot resolve the app's secrets and configs.");
  const files = refersToFiles && deps.filesFor ? await deps.filesFor(o.app.environmentId, checked.spec, o.app.tenantId) : [];
  const result = await deps.deploy(
    engine,
    {
      tenantId: o.app.tenantId,
      environmentId: o.app.environmentId,
      appId: o.app.id,
      appName: o.app.name,
      revisionId: o.revision.id,
      app: checked,
      registryAuth,
      files,
      logDriver: deps.logDriverFor ? await deps.logDriverFor(o.app.environmentId, o.app.tenantId) : undefined,
    },
    o.onProgress,
  );
  return { checked, engine, result, files };
}
