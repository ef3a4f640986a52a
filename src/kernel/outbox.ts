// The outbox: effects that must follow a commit (webhooks, messages) are rows written in the same transaction,
// delivered at least once by the scheduler to whoever subscribed to their topic.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { inTransaction, type Ctx } from './context.ts';
import { outbox } from './schema.ts';

export type OutboxMessage = { storeId: string | null; topic: string; payload: Record<string, unknown> };
/**
 * Called in the sweep's transaction (tx), the one that marks the message delivered: what a subscriber writes with tx
 * commits with that mark, or neither does (the message is tried again).
 */
type Subscriber = (msg: OutboxMessage & { id: number; createdAt: Date }, tx: Db) => Promise<void>;

const subscribers = new Map<string, Subscriber[]>();

/** Subscribes to a topic ('order.paid', ...) or '*'. Wired at start (app.ts); the same function twice counts once. */
export function subscribe(topic: string, fn: Subscriber) {
  const list = subscribers.get(topic) ?? [];
  if (!list.includes(fn)) subscribers.set(topic, [...list, fn]);
}

/**
 * SQL: the outbox rows for messages, to put in a statement that writes other rows too (saves a round trip on hot
 * paths such as checkout). Same rows as enqueue.
 */
export function outboxInsertSql(now: Date, messages: OutboxMessage[]) {
  return sql`insert into outbox (store_id, topic, payload, created_at, next_attempt_at)
    select x.store_id, x.topic, x.payload, ${now}, ${now}
    from jsonb_to_recordset(${JSON.stringify(messages.map((m) => ({ store_id: m.storeId, topic: m.topic, payload: m.payload })))}::jsonb) as x(store_id uuid, topic text, payload jsonb)`;
}

/** The outbox rows of a select giving store_id, topic and payload (for a statement that makes them from its own rows). */
export function outboxInsertSelectSql(now: Date, rows: SQL) {
  return sql`insert into outbox (store_id, topic, payload, created_at, next_attempt_at) select x.store_id, x.topic, x.payload, ${now}, ${now} from (${rows}) as x`;
}

export async function enqueue(tx: Db, now: Date, messages: OutboxMessage[]) {
  if (!messages.length) return;
  await tx.insert(outbox).values(messages.map((m) => ({ storeId: m.storeId, topic: m.topic, payload: m.payload, createdAt: now, nextAttemptAt: now })));
}

/**
 * The messages of one order are delivered in the order they were written ('order.paid' before the same order's
 * 'aftersales.refunded': membership takes back only what was earned), whichever process sweeps them and whether or
 * not an earlier one failed. The key is the payload's orderId; messages without one have no order among them.
 * The partial index outbox_order_idx (kernel/schema.ts) is on this same expression.
 */
const orderKeyOf = (alias: string) => sql.raw(`(${alias}.payload->>'orderId')`);

/**
 * Delivers due messages in order. Many processes may sweep at once: rows are taken with SKIP LOCKED. A failing
 * subscriber is retried later with a growing delay, and the later messages of its order wait for it. A message of an
 * order is delivered only when every older undelivered message of that order is in the same batch and was delivered
 * just before it: one held by another process's batch, or waiting for its retry, holds the rest of its order back
 * (those waiting for a retry are not even taken, so they never fill a batch).
 */
export async function deliverOutbox(ctx: Ctx, limit: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [o, p] = [orderKeyOf('o'), orderKeyOf('p')];
    const rows = await queryRows<{ id: number; storeId: string | null; topic: string; payload: Record<string, unknown>; attempts: number; createdAt: Date | string; olderIds: (number | string)[] }>(tx, sql`
      select id, store_id as "storeId", topic, payload, attempts, created_at as "createdAt",
        case when ${o} is null then '{}'::bigint[] else array(select p.id from outbox p where ${p} = ${o} and p.id < o.id and p.delivered_at is null) end as "olderIds"
      from outbox o
      where delivered_at is null and next_attempt_at <= ${now}
        and not (${o} is not null and exists (select 1 from outbox p where ${p} = ${o} and p.id < o.id and p.delivered_at is null and p.next_attempt_at > ${now}))
      order by id limit ${limit} for update skip locked`);
    const delivered = new Set<number>();
    for (const row of rows) {
      const id = Number(row.id);
      // Every older undelivered message of its order must have been delivered by this batch, just now.
      if (!row.olderIds.every((older) => delivered.has(Number(older)))) continue;
      const fns = [...(subscribers.get(row.topic) ?? []), ...(subscribers.get('*') ?? [])];
      try {
        // In a savepoint: a subscriber's failed statement undoes its own writes, not the sweep's transaction.
        if (fns.length) {
          const msg = { id, storeId: row.storeId, topic: row.topic, payload: row.payload, createdAt: new Date(row.createdAt) };
          await tx.transaction(async (sp) => {
            for (const fn of fns) await fn(msg, sp as unknown as Db);
          });
        }
        await tx.execute(sql`update outbox set delivered_at = ${now}, attempts = attempts + 1, last_error = null where id = ${row.id}`);
        delivered.add(id);
      } catch (err) {
        const delaySeconds = Math.min(3600, 5 * 2 ** row.attempts);
        await tx.execute(sql`update outbox set attempts = attempts + 1, last_error = ${String((err as Error)?.message ?? err)},
          next_attempt_at = ${new Date(now.getTime() + delaySeconds * 1000)} where id = ${row.id}`);
      }
    }
    return rows.length;
  });
}
