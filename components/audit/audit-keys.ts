// The react-query key factory of the audit domain: one place builds keys, so invalidation matches.
export interface AuditFilters {
  action?: string;
  actor?: string;
  result?: string;
  tenantId?: string;
}

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters, pageSize: number) => ["audit", "list", filters, pageSize] as const,
};
