// The react-query key factory of the hosts domain: one place builds keys, so invalidation matches.
export const hostKeys = {
  all: ["hosts"] as const,
  list: (environmentId: string) => ["hosts", "list", environmentId] as const,
};
