import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { JsonValue } from '../../kernel/http.ts';
import { auditLog } from './schema.ts';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  storeId?: string | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
};

/** Records an audited change; call it inside the transaction that makes the change. */
export async function recordAudit(tx: Db, actor: Actor | 'system', entry: AuditEntry, at?: Date) {
  const who =
    actor === 'system'
      ? { actorId: null, actorRole: 'system' as const, actorName: 'Trio scheduler' }
      : actor.kind === 'user'
        ? { actorId: actor.userId, actorRole: actor.role, actorName: actor.displayName }
        : { actorId: null, actorRole: 'api_key' as const, actorName: actor.displayName };
  await tx.insert(auditLog).values({
    ...who,
    ...(at ? { at } : {}),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    storeId: entry.storeId ?? null,
    summary: entry.summary ?? null,
    before: (entry.before ?? null) as object | null,
    after: (entry.after ?? null) as object | null,
  });
}

export type AuditQuery = { storeId?: string; entityType?: string; entityId?: string; action?: string; beforeId?: number; limit: number };

/** Newest first, keyset-paginated by id. */
export async function listAudit(db: Db, q: AuditQuery) {
  const where: SQL[] = [];
  if (q.storeId) where.push(eq(auditLog.storeId, q.storeId));
  if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.beforeId) where.push(lt(auditLog.id, q.beforeId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  // before and after went through jsonb, so they are JSON whatever was recorded.
  const items = rows.slice(0, q.limit).map((r) => ({ ...r, at: r.at.toISOString(), before: r.before as JsonValue, after: r.after as JsonValue }));
  return { items, nextBeforeId: more ? items[items.length - 1].id : null };
}
