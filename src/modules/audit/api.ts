// The audit log's answers, named in the OpenAPI document (AuditEntry, AuditPage).
import { z } from 'zod';
import { jsonValue, named } from '../../kernel/http.ts';
import { AUDIT_ACTOR_ROLES } from './schema.ts';

export const auditActorRole = named(z.enum(AUDIT_ACTOR_ROLES), 'AuditActorRole');

export const auditEntryView = named(z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorRole: auditActorRole,
  actorName: z.string().nullable(),
  action: z.string().describe('What happened, e.g. store.status_changed'),
  entityType: z.string(),
  entityId: z.string().nullable(),
  storeId: z.string().nullable(),
  summary: z.string().nullable(),
  before: jsonValue.nullable().describe('The changed fields before, as recorded (null: created)'),
  after: jsonValue.nullable().describe('The changed fields after, as recorded (null: removed)'),
}), 'AuditEntry');

export const auditPageView = named(z.object({
  items: z.array(auditEntryView),
  nextBeforeId: z.number().nullable().describe('Pass as beforeId for the next page; null at the beginning of the log'),
}), 'AuditPage');
