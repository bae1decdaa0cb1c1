export { getDashboard, type DashboardDto, type DashboardApp, type DashboardEnvironment } from "./get-dashboard";
export { staleReason, hostHealth, needsAttention, LOST_HOST_STATES, type LostReason } from "./summarize";
