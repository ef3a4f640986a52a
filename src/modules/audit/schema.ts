import { pgTable, uuid, text, timestamp, jsonb, index, bigint } from 'drizzle-orm/pg-core';
import type { UserRole } from '../../kernel/auth.ts';

/** Who an entry's actor was: a signed-in user's role, an API key, or the scheduler. */
export const AUDIT_ACTOR_ROLES = ['operator', 'merchant', 'buyer', 'api_key', 'system'] as const satisfies readonly (UserRole | 'api_key' | 'system')[];

/** Who did what, when, with the state before and after. Written in the same transaction as the change. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').$type<(typeof AUDIT_ACTOR_ROLES)[number]>().notNull(),
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
