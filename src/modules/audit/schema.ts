import { pgTable, uuid, text, timestamp, jsonb, index, bigint } from 'drizzle-orm/pg-core';

/** Who did what, when, with the state before and after. Written in the same transaction as the change. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').notNull(),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    storeId: uuid('store_id'),
    summary: text('summary'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_store_idx').on(t.storeId, t.at), index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);
