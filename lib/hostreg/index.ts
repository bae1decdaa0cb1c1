export { createRegistrationToken, listRegistrationTokens, revokeRegistrationToken, rotateHostCertificate, type RegistrationTokenDto } from "./tokens";
export { registrationScriptFor, signRegistrationCsr, completeRegistration, isGone } from "./register";
