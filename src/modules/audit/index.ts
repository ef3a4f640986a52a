export { recordAudit, listAudit, type AuditEntry } from './service.ts';
