// The react-query key factory of the apps domain (apps, their revisions).
export const appKeys = {
  all: ["apps"] as const,
  list: (environmentId: string) => ["apps", "list", environmentId] as const,
  detail: (appId: string) => ["apps", "detail", appId] as const,
  revisions: (appId: string) => ["apps", "revisions", appId] as const,
};
