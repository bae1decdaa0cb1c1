export { createUser, createUserInput } from "./create-user";
export { listUsers } from "./list-users";
export { updateUser } from "./update-user";
export { getMe, type MeDto } from "./get-me";
export { needsSetup, setupFirstAdmin, ensureAdminFromEnv } from "./setup-first-admin";
export { toUserDto, type UserDto } from "./user-dto";
export { getMyPreferences, updateMyPreferences, type PreferencesDto } from "./preferences";
export {
  getMySecurity,
  changeMyPassword,
  listMySessions,
  signOutEverywhere,
  revokeMySession,
  beginTotpEnrolment,
  confirmTotp,
  disableTotp,
  regenerateRecoveryCodes,
  type MySecurityDto,
  type SessionDto,
  type TotpEnrolmentDto,
} from "./security";
