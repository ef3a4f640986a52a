// A merchant accepts a refund request by one statement where nothing else has to happen in its transaction: the
// request moves to `refunding`, its refund is asked for, its timeline and outbox are written, with no transaction
// around them (the payment's and the request's rows are held for this one statement). Everything else keeps the
// transaction of merchantAnswer: returns and exchanges (a return address is picked), nothing to send (the request
// is refunded at once and the order follows), an order some of whose payment was shared to the store (its shares
// are taken back first: the refundRequested hook), and any request or payment that changed since the reads.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { queryPrepared, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { outboxInsertSelectSql } from '../../kernel/outbox.ts';
import { refundAtOnceSql, refundFactsSql, toRefundFacts, type RefundFactsJson } from '../payments/index.ts';
import { orderSharedSql } from '../withdrawals/index.ts';
import { isOpen, timeoutsOf } from './lifecycle.ts';
import { refundAmountOf, refundSourceOf } from './money.ts';
import { acceptEvent, afterSaleMachine, dueAtFor } from './rules.ts';
import { afterSales } from './schema.ts';
import { detailOf, detailSelect, timelineRow, type RequestDetail } from './views.ts';

/** The read an acceptance is decided on (the request's detail as views.ts reads it, its row's version, what its payment may still refund, whether its order was shared), prepared once per database. */
function prepareRead(db: Db) {
  return detailSelect(db, {
    version: sql<string>`${afterSales}.xmin::text`,
    facts: sql<RefundFactsJson | null>`${refundFactsSql(sql`${afterSales.paymentId}`)}`, shared: sql<boolean>`${orderSharedSql(sql`${afterSales.orderId}`)}`,
  }).where(and(eq(afterSales.id, sql.placeholder('id')), eq(afterSales.storeId, sql.placeholder('storeId')))).prepare('trio_aftersale_accept_read');
}
const reads = new WeakMap<Db, ReturnType<typeof prepareRead>>();

/**
 * Accepts the store's refund request `id` by one statement when it can (see above): its detail as the merchant sees
 * it then (made from the read and what the statement wrote: nothing else changed the request meanwhile, or the
 * statement would have done nothing). Null leaves everything as it was, for merchantAnswer in a transaction (which
 * also answers 404 and 409 as they are).
 */
export async function acceptRefundAtOnce(ctx: Ctx, storeId: string, actorId: string | null, id: string): Promise<RequestDetail | null> {
  let read = reads.get(ctx.db);
  if (!read) reads.set(ctx.db, (read = prepareRead(ctx.db)));
  const [found] = await read.execute({ id, storeId });
  const req = found?.row;
  if (!req || req.type !== 'refund' || !req.paymentId || !afterSaleMachine.can(req.state, acceptEvent(req.type))) return null;
  const amount = refundAmountOf(req);
  if (amount <= 0) return null;
  const f = toRefundFacts(req.paymentId, found.facts);
  if (!f || found.shared || amount > f.refundable) return null;

  const now = ctx.clock.now();
  const event = acceptEvent(req.type);
  const to = afterSaleMachine.transition(req.state, event);
  const refundId = randomUUID();
  const dueAt = dueAtFor(to, now, timeoutsOf(ctx.config));
  const closedAt = isOpen(to) ? null : now;
  const refund = { paymentId: req.paymentId, storeId: req.storeId, orderId: req.orderId, amount, reason: req.reason.slice(0, 80), source: refundSourceOf(req.id), refundId };
  // The payment's row first (pay), then the request's (its update waits for pay): the order of locks everywhere. The
  // request's row only as it was read (its version: any move since, by anyone, made a new one), so the answer below,
  // made from the read, is the request as it is now.
  const { pay, ref } = refundAtOnceSql(now, f, refund, sql`exists (select 1 from req)`);
  const [r] = await queryPrepared<{ done: number }>(ctx.db, 'trio_aftersale_accept', sql`with ${pay},
    req as (
      update after_sales set state = ${to}, due_at = ${dueAt}, closed_at = ${closedAt}, updated_at = ${now}, refund_id = ${refundId}
      where id = ${req.id} and store_id = ${storeId} and xmin::text = ${found.version} and exists (select 1 from pay)
      returning id, store_id, order_id),
    ${ref},
    ev as (
      insert into after_sale_events (after_sale_id, store_id, event, actor_role, actor_id, from_state, to_state, detail, at)
      select id, store_id, ${event}, 'merchant', ${actorId}::uuid, ${req.state}, ${to}, null, ${now} from req),
    message as (${outboxInsertSelectSql(now, sql`select store_id, ${`aftersales.${to}`} as topic,
      jsonb_build_object('afterSaleId', id, 'orderId', order_id, 'storeId', store_id) as payload from req`)})
    select (select count(*) from ref)::int as done`);
  if (r.done !== 1) return null;
  const row = { ...req, state: to, dueAt, closedAt, updatedAt: now, refundId };
  return detailOf({ ...found, row, events: [...found.events, timelineRow(event, 'merchant', req.state, to, null, now)] }, { storeId }, now);
}
