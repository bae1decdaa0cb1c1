// The react-query key factory of the dashboard.
export const dashboardKeys = {
  all: ["dashboard"] as const,
};
