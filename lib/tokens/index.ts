export { createToken, createTokenWithPassword, listTokens, revokeToken, type ApiTokenDto } from "./tokens";
