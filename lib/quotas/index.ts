export { withQuota, checkQuota } from "./enforce-quota";
export { getQuota } from "./get-quota";
export { setQuota, getDefaultQuota, setDefaultQuota } from "./set-quota";
export { readSnapshot, storedSpec } from "./quota-store";
export { QUOTA_KEYS, type QuotaKey, type QuotaLimits, type QuotaRequest, type Usage } from "./quota-model";
export type { QuotaDto } from "./quota-dto";
