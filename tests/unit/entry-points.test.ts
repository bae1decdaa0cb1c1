// T3 — unguarded-entry lint. Enumerates every route handler and every 'use server' module and
// fails when one can reach Prisma, dockerode or the orchestrator without the policy gate:
//  1. entry points never import the database, dockerode, the engine or the orchestrator;
//  2. every exported route handler is built with apiRoute() (auth + CSRF) or is a known public one;
//  3. every 'use server' export goes through runAction() (Origin + session);
//  4. every exported lib function that touches the database calls authorize() or a tenant scope,
//     unless it is on the short, reviewed list of functions that need neither.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}
const rel = (p: string) => path.relative(root, p);
const appFiles = walk(path.join(root, "app"));
const routeFiles = appFiles.filter((f) => /route\.ts$/.test(f));
const actionFiles = [...appFiles, ...walk(path.join(root, "components"))].filter((f) => /^\s*["']use server["']/m.test(fs.readFileSync(f, "utf8")));

const FORBIDDEN_IMPORTS = /from\s+["'](@\/lib\/db|@prisma\/client|dockerode|@\/lib\/docker[^"']*|@\/lib\/orchestrator[^"']*)["']/;

/** The registry protocol's own routes: Basic credentials (token) or the shared secret (events). */
const REGISTRY_ROUTES = new Set(["app/api/registry/token/route.ts", "app/api/registry/events/route.ts"]);

/** The host registration command's routes (issue 15): the one-time token in the path is the only credential (hashed lookup, state checked in lib/hostreg/register.ts). */
const REGISTRATION_ROUTES = new Set([
  "app/api/v1/hosts/register/[token]/route.ts",
  "app/api/v1/hosts/register/[token]/csr/route.ts",
  "app/api/v1/hosts/register/[token]/complete/route.ts",
]);

const PUBLIC_ROUTES = new Set([
  "app/api/health/route.ts",
  "app/api/v1/openapi.json/route.ts",
  "app/api/v1/tokens/route.ts",
  "app/api/auth/[...nextauth]/route.ts",
]);

/** Server actions with no session by nature, each reviewed: Origin-checked by runPublicAction(). */
const PUBLIC_ACTIONS = new Set(["app/setup/actions.ts setupFirstAdminAction"]);

/** Functions that reach the database without authorize(), each for a stated reason. */
const REVIEWED_UNGUARDED = new Map<string, string>([
  ["getMe", "reads only the caller's own row and memberships"],
  ["sampleHost", "the host-metrics sampler (leader role) and getHostDetails after its authorize(), for a host row it already loaded"],
  ["latestHostUsage", "called by getHostDetails after its authorize(), for the host it loaded"],
  ["sampleAllHosts", "the host-metrics sampler loop (leader role, no actor): readings of every ready host"],
  ["environmentCa", "the environment's CA, called only after the caller was authorized (managedEnvironment) or by a valid one-time registration token"],
  ["registrationScriptFor", "authenticated by the one-time registration token in the path (hashed lookup, valid state)"],
  ["signRegistrationCsr", "authenticated by the one-time registration token (consumed here); the CSR's names must be the token's host"],
  [
    "completeRegistration",
    "authenticated by the registration token after its CSR step; acts as the token's creator (loadActorByUserId) through addHost's authorize()",
  ],
  ["listRegistrationTokens", "managedEnvironment(actor, …): loadEnvironment + authorize host.manage (or environment.shared.manage)"],
  ["revokeRegistrationToken", "managedEnvironment(actor, …): loadEnvironment + authorize host.manage (or environment.shared.manage)"],
  ["getMyPreferences", "reads only the caller's own row (where: { id: actor.userId })"],
  ["updateMyPreferences", "writes only the caller's own display preferences (where: { id: actor.userId })"],
  ["needsSetup", "counts users; reveals only whether setup is pending"],
  ["setupFirstAdmin", "refuses once any user exists, inside its transaction"],
  ["ensureAdminFromEnv", "process start, from the operator's environment"],
  ["createTokenWithPassword", "authenticates with the password itself"],
  ["acceptInvitations", "runs for a user who just proved who they are (sign-in, token with password) or inside createUser after authorize()"],
  ["listTokens", "scoped to the caller's userId in the query"],
  ["revokeToken", "scoped to the caller's userId in the query"],
  ["checkHealth", "SELECT 1"],
  ["loadActorByUserId", "builds the actor itself"],
  ["loadActorByApiToken", "builds the actor itself"],
  ["startSession", "next-auth's jwt callback, right after the credentials were checked"],
  ["sessionIsLive", "checks the caller's own session row (id and user id from the signed cookie)"],
  ["sessionRowIsLive", "judges the session row read for the caller's own signed cookie (loadActorBySession); writes only its lastSeenAt"],
  ["endSession", "next-auth's signOut event, for the session id in the caller's own signed cookie"],
  ["recordAudit", "called inside use-cases after their authorize()"],
  ["recordContainerAction", "called by restartContainer/removeContainer after resolveContainer() authorized the container in the caller's scope"],
  ["enqueueJob", "called inside use-cases after their authorize()"],
  ["startWorker", "the worker runs jobs that use-cases authorized when enqueuing"],
  ["renewLeases", "the worker's heartbeat: renews only the leases this process holds on jobs it runs"],
  ["releaseJob", "the worker's shutdown: hands back a job this process holds the lease of"],
  ["prepareDatabase", "process start"],
  ["prepareRevision", "inside createApp/redeployApp/rollbackApp transactions, after authorize()"],
  ["submitRevision", "the shared submission of createApp/redeployApp/rollbackApp, called after their authorize()"],
  ["firstAnswer", "idempotency lookup inside createApp/redeployApp/rollbackApp after their authorize(); the key is scoped to the caller's userId"],
  ["leasePorts", "inside prepareRevision"],
  ["releaseAppPorts", "inside the app.delete job"],
  ["managerEngine", "engine lookup for an environment already authorized by the caller"],
  ["runRemoveHost", "job handler: removeHost() authorized before enqueuing"],
  ["reconcileEnvironment", "the reconcile loop (system): observes, never acts for a user"],
  ["recordObservation", "the reconcile loop and deploy jobs (system)"],
  ["deployRegistryAuthFor", "deploy job (system): a pull-only credential for the app's own tenant"],
  ["issueRegistryToken", "the registry token endpoint: authenticates Basic credentials itself; grants = requested ∩ allowedActions() (T20)"],
  ["recordRegistryEvents", "registry notifications, after the shared-secret check in the route"],
  ["readPlatformSettings", "platform policy values (no tenant data) for the portal's own checks: outbound guard, port-pool bounds"],
  ["appsUsing", "lists which apps of an environment use a portal secret/config; called by lib/secrets use-cases after their authorize()"],
  ["checkPortalReferences", "inside checkDeploy, after the create/redeploy/rollback/validate use-case's authorize() on the environment"],
  ["resolvePortalFiles", "deploy job (system): the values of the secrets/configs of the app's own environment, for the engine call only"],
  ["sampleAllContainers", "the stats sampler (system): stores samples per container row, serves no user"],
  // issue 14: sign-in and the caller's own security
  ["authenticatePassword", "the sign-in itself: checks the password (throttled, audited) before anything is granted"],
  ["ldapLogin", "inside authenticatePassword: binds as the user to check the password"],
  ["readIdentitySettings", "identity policy values (no tenant data) for the portal's own checks: throttling, sessions"],
  ["checkThrottle", "inside authenticatePassword: failed-sign-in counters by login and address"],
  ["noteFailure", "inside authenticatePassword: counts a failed sign-in"],
  ["clearAccount", "inside authenticatePassword after a successful sign-in"],
  ["getMySecurity", "reads only the caller's own row (where: { id: actor.userId })"],
  ["changeMyPassword", "the caller's own row, after checking the current password"],
  ["listMySessions", "scoped to the caller's userId in the query"],
  ["signOutEverywhere", "scoped to the caller's userId in the query"],
  ["revokeMySession", "scoped to the caller's userId in the query"],
  ["beginTotpEnrolment", "writes only the caller's own row"],
  ["confirmTotp", "writes only the caller's own row, after checking a code"],
  ["disableTotp", "writes only the caller's own row, after checking the password and a code"],
  ["regenerateRecoveryCodes", "writes only the caller's own row, after checking a code"],
  ["applyGroupMappings", "a directory/OIDC sign-in that just succeeded, or the sync (system) after syncIdentityProvider's authorize()"],
  ["linkExternalUser", "a directory/OIDC sign-in that just succeeded: links by the provider's stable id"],
  ["syncProvider", "the periodic sync (system), or syncIdentityProvider after its authorize()"],
  ["listSignInMethods", "the login page: names of the enabled single sign-on providers (public by nature)"],
  ["oidcAuthProviders", "next-auth's own route: the enabled OIDC providers' client configuration, never sent to a browser"],
  ["oidcSignIn", "next-auth's signIn callback after the provider's ID token was verified: links by (provider, sub)"],
  // issue 16: shared environments, quotas, usage
  ["loadEnvironment", "scoped by environmentScope(actor) in the query (own tenants' environments and the shared ones opened to them), then the tenant view"],
  ["checkTenantsExist", "inside createEnvironment/updateEnvironment after authorize(environment.shared.manage): counts tenant ids an admin named"],
  ["readLimits", "inside withQuota/getQuota after the use-case's authorize(): the quota rows of one tenant"],
  ["readSnapshot", "inside withQuota/getQuota after the use-case's authorize(): the desired state of one tenant"],
  ["readPrices", "the price table (no tenant data)"],
  ["recordUsage", "the stats sampler (system): adds each round's samples to the daily aggregates"],
  ["pruneUsage", "the stats sampler (system): deletes daily aggregates older than the retention"],
  // issue 19
  ["evaluateAlerts", "the alert evaluator (system, elected role): every tenant's enabled rules"],
  ["observeRule", "the alert evaluator (system): reads within the rule's own tenant"],
  ["environmentLogDriver", "the deploy job (system), for an app whose deploy was authorized"],
  ["loadPortalSnapshot", "renderPortalMetrics after authorize(metrics.platform)"],
  ["loadTenantSnapshot", "renderTenantMetrics after authorize(metrics.read) or for the caller's own tenants"],
  // issue 17: regions are platform objects without tenant data; registry details only to admins (toRegionDto: can(region.manage))
  ["listRegions", "every signed-in user may list the regions (id, name, display name, default); the registry fields are added for platform admins only"],
  ["getRegion", "one region, the same fields as listRegions"],
  ["resolveRegionId", "inside createEnvironment/updateEnvironment after their authorize(): checks a region id exists (or finds the default)"],
  ["regionPullAddresses", "GET /registry for any signed-in user: each region's name and the public address its hosts pull from (no credentials)"],
  // issue 17: the replication queue (system work; the admins' use-cases authorize replication.manage)
  ["replicationTargets", "inside enqueueReplication/compareRegions (system): which regions should hold a repository"],
  ["enqueueReplication", "receiveRegistryEvents (after the route's shared-secret check), approvePublish after its authorize(), compareRegions (system)"],
  ["runReplicationRound", "the replication loop (system, elected role): copies what events queued, serves no user"],
  ["requeueInterrupted", "the replication loop (system) when it takes the lead: rows a dead leader left running"],
  ["compareRegions", "the replication loop (system), or compareReplicationNow after its authorize(replication.manage)"],
  ["regionPullFor", "deploy jobs (system), for an app whose deploy was authorized: the region registry of its own environment"],
  ["ensureRegionImages", "deploy jobs (system): copies the app's own images into its environment's region, by the index's digest"],
  ["regionRegistryAuth", "deploy jobs (system): the pull credential of the app's own tenant, for its region's registry"],
  ["deployPullFor", "deploy jobs (system), for an app whose deploy was authorized (apply-revision, deploy-engine preflight)"],
  ["queueDueUpstreamSyncs", "the replication loop (system, elected role): the upstream hub's schedule, set by an admin (replication.manage)"],
]);

describe("T3 unguarded entry points", () => {
  it("finds the entry points", () => {
    expect(routeFiles.length).toBeGreaterThan(10);
  });

  it("no route handler or server action imports the database, dockerode or the orchestrator", () => {
    const offenders = [...routeFiles, ...actionFiles].filter((f) => FORBIDDEN_IMPORTS.test(fs.readFileSync(f, "utf8"))).map(rel);
    expect(offenders).toEqual([]);
  });

  it("every exported route handler is built with apiRoute() unless it is a reviewed public route", () => {
    const offenders: string[] = [];
    for (const f of routeFiles) {
      const src = fs.readFileSync(f, "utf8");
      for (const m of src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\s*=\s*(\w+)/g)) {
        if (m[2] === "apiRoute") continue;
        if (PUBLIC_ROUTES.has(rel(f)) && m[2] === "publicRoute") continue;
        if (REGISTRY_ROUTES.has(rel(f)) && m[2] === "registryRoute") continue;
        if (REGISTRATION_ROUTES.has(rel(f)) && m[2] === "registrationTextRoute") continue;
        offenders.push(`${rel(f)} ${m[1]} = ${m[2]}`);
      }
      if (/export (async )?function (GET|POST|PUT|PATCH|DELETE)/.test(src) && !PUBLIC_ROUTES.has(rel(f))) offenders.push(`${rel(f)}: bare handler function`);
    }
    expect(offenders).toEqual([]);
  });

  it("every 'use server' export runs through runAction()", () => {
    const offenders: string[] = [];
    for (const f of actionFiles) {
      const src = fs.readFileSync(f, "utf8");
      for (const m of src.matchAll(/export async function (\w+)\s*\(/g)) {
        const body = bodyOf(src, m.index! + m[0].length);
        if (/runAction\(/.test(body)) continue;
        if (PUBLIC_ACTIONS.has(`${rel(f)} ${m[1]}`) && /runPublicAction\(/.test(body)) continue;
        offenders.push(`${rel(f)} ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("every exported lib function that touches the database authorizes or scopes by tenant", () => {
    const libFiles = walk(path.join(root, "lib")).filter((f) => !/lib\/(db|docker|orchestrator|compose)\//.test(f));
    const offenders: string[] = [];
    for (const f of libFiles) {
      const src = fs.readFileSync(f, "utf8");
      for (const m of src.matchAll(/export async function (\w+)\s*(<[^>]*>)?\s*\(/g)) {
        const body = bodyOf(src, m.index! + m[0].length);
        if (!/\b(db|tx)\.\w+\.(find|create|update|delete|upsert|count|aggregate|group)/.test(body) && !/\bdb\.\$transaction/.test(body)) continue;
        if (/authorize\(|tenantScope\(|tenantRowScope\(|load\w+\(actor/.test(body)) continue;
        if (REVIEWED_UNGUARDED.has(m[1])) continue;
        offenders.push(`${rel(f)} ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

/** The text of the function body starting after the parameter list's opening parenthesis. */
function bodyOf(src: string, from: number): string {
  // The body's brace ends its line ("{\n"); a return type like Promise<{ a: string }> does not.
  const after = src.slice(skipParens(src, from));
  const m = /\{\s*\n/.exec(after);
  const open = m ? skipParens(src, from) + m.index : src.indexOf("{", skipParens(src, from));
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === "{") depth++;
    else if (src[i] === "}" && --depth === 0) return src.slice(open, i + 1);
  }
  return src.slice(open);
}
function skipParens(src: string, from: number): number {
  let depth = 1;
  for (let i = from; i < src.length; i++) {
    if (src[i] === "(") depth++;
    else if (src[i] === ")" && --depth === 0) return i;
  }
  return from;
}
