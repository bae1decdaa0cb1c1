export { authOptions, authSecret } from "./auth-options";
export { hashPassword, verifyPassword } from "./password";
export { loadActorByUserId, loadActorByApiToken, API_TOKEN_PREFIX } from "./load-actor";
export { sessionActor, requireSessionActor, actorFromAuthorization } from "./session";
