export { recordAudit, type AuditInput } from "./record-audit";
export { listAudit, type AuditEventDto } from "./list-audit";
