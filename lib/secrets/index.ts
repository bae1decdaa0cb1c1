export {
  listPortalSecrets,
  createPortalSecret,
  updatePortalSecret,
  deletePortalSecret,
  MAX_VALUE_BYTES,
  type PortalSecretDto,
  type PortalObjectKind,
} from "./portal-secrets";
export { appsUsing, checkPortalReferences, resolvePortalFiles, type PortalFile } from "./usage";
