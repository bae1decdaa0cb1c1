import type { QuotaLimits, Usage } from "./quota-model";

export interface QuotaDto {
  tenantId: string;
  /** Set when the quota is one environment's. */
  environmentId: string | null;
  /** The limits (null: none); a tenant without its own quota gets the default for tenants. */
  limits: QuotaLimits;
  /** Current use (sum of service limits × desired replicas, services, replicas, ports, volumes). */
  used: Usage;
  /** false: the limits are the platform's default for tenants. */
  own: boolean;
}
