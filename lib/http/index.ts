export {
  apiRoute,
  publicRoute,
  ApiResult,
  created,
  accepted,
  noContent,
  text,
  errorResponse,
  readBodyJson,
  bodyWithIdempotencyKey,
  type ApiContext,
} from "./api-route";
export { isSameOrigin } from "./origin";
