// The react-query key factory of the services domain (a service, its containers and events).
export const serviceKeys = {
  all: ["services"] as const,
  detail: (serviceId: string) => ["services", "detail", serviceId] as const,
  containers: (serviceId: string) => ["services", "containers", serviceId] as const,
  events: (serviceId: string) => ["services", "events", serviceId] as const,
};
