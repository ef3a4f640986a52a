// What the owners' screens read of a delivery table (mini-site order notices, merchant webhooks): the facts of a
// delivery as the API shows them, every try of one, and "send again" (a new round, due now).
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import type { DeliveryState } from './delivery-rules.ts';

export type DeliveryFacts = {
  state: DeliveryState; attempts: number; tries: number; nextAttemptAt: string | null; lastTriedAt: string | null;
  lastStatus: number | null; lastError: string | null; deliveredAt: string | null; occurredAt: string; createdAt: string;
};
type When = Date | string;
export type DeliveryFactsRow = Omit<DeliveryFacts, 'nextAttemptAt' | 'lastTriedAt' | 'deliveredAt' | 'occurredAt' | 'createdAt'>
  & { nextAttemptAt: When; lastTriedAt: When | null; deliveredAt: When | null; occurredAt: When; createdAt: When };

const iso = (d: When) => new Date(d).toISOString();

/** The select list of those facts. */
export const deliveryFactsSql = sql`state, attempts, tries, next_attempt_at as "nextAttemptAt", last_tried_at as "lastTriedAt",
  last_status as "lastStatus", last_error as "lastError", delivered_at as "deliveredAt", occurred_at as "occurredAt", created_at as "createdAt"`;

/** A row's facts as the API shows them (the next try only while pending). */
export function deliveryFacts<R extends DeliveryFactsRow>(r: R): Omit<R, keyof DeliveryFactsRow> & DeliveryFacts {
  return {
    ...r,
    nextAttemptAt: r.state === 'pending' ? iso(r.nextAttemptAt) : null,
    lastTriedAt: r.lastTriedAt ? iso(r.lastTriedAt) : null,
    deliveredAt: r.deliveredAt ? iso(r.deliveredAt) : null,
    occurredAt: iso(r.occurredAt), createdAt: iso(r.createdAt),
  };
}

export type TryView = { triedAt: string; durationMs: number; status: number | null; error: string | null; answer: string | null };

/** Every try of one delivery, oldest first. */
export async function triesOf(db: Db, triesTable: string, key: string, id: string): Promise<TryView[]> {
  const rows = await queryRows<Omit<TryView, 'triedAt'> & { triedAt: When }>(db, sql`
    select tried_at as "triedAt", duration_ms as "durationMs", status, error, answer from ${sql.identifier(triesTable)}
    where ${sql.identifier(key)} = ${id} order by tried_at, id`);
  return rows.map((t) => ({ ...t, triedAt: iso(t.triedAt) }));
}

/** "Send again": the row (already moved by its machine to `to`) starts a new round of tries, due now. */
export function requeueSql(table: string, id: string, to: DeliveryState, now: Date): SQL {
  return sql`update ${sql.identifier(table)} set state = ${to}, attempts = 0, next_attempt_at = ${now}, claim_token = null, updated_at = ${now} where id = ${id}`;
}
