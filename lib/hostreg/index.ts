export {
  createRegistrationToken,
  listRegistrationTokens,
  revokeRegistrationToken,
  rotateHostCertificate,
  isRegisteredHost,
  type RegistrationTokenDto,
} from "./tokens";
export { registrationScriptFor, signRegistrationCsr, completeRegistration, isGone } from "./register";
