export { recordAudit, listAudit, type AuditEntry } from './service.ts';
export { auditEntryView, auditPageView } from './api.ts';
