export { authOptions, authSecret, buildAuthOptions } from "./auth-options";
export { hashPassword, verifyPassword } from "./password";
export { loadActorByUserId, loadActorByApiToken, loadActorBySession, API_TOKEN_PREFIX } from "./load-actor";
export { announceAccessChange, onAccessChange } from "./access-signals";
export { endSession, startSession, sessionIsLive } from "./sessions";
export { sessionActor, requireSessionActor, actorFromAuthorization, currentSessionId } from "./session";
