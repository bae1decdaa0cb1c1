// The react-query key factory of the port-lease domain.
export const portKeys = {
  all: ["ports"] as const,
  list: (environmentId: string) => ["ports", "list", environmentId] as const,
};
