// A merchant accepts a refund request by one statement where nothing else has to happen in its transaction: the
// request moves to `refunding`, its refund is asked for, its timeline and outbox are written, with no transaction
// around them (the payment's and the request's rows are held for this one statement). Everything else keeps the
// transaction of merchantAnswer: returns and exchanges (a return address is picked), nothing to send (the request
// is refunded at once and the order follows), an order some of whose payment was shared to the store (its shares
// are taken back first: the refundRequested hook), and any request or payment that changed since the reads.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { outboxInsertSelectSql } from '../../kernel/outbox.ts';
import { refundAtOnceSql, refundFactsSql, toRefundFacts, type RefundFactsJson } from '../payments/index.ts';
import { orderSharedSql } from '../withdrawals/index.ts';
import { isOpen, timeoutsOf } from './lifecycle.ts';
import { refundAmountOf, refundSourceOf } from './money.ts';
import { acceptEvent, afterSaleMachine, dueAtFor } from './rules.ts';
import { afterSales } from './schema.ts';

/**
 * Accepts the store's refund request `id` by one statement when it can (see above): true when it did. False leaves
 * everything as it was, for merchantAnswer in a transaction (which also answers 404 and 409 as they are).
 */
export async function acceptRefundAtOnce(ctx: Ctx, storeId: string, actorId: string | null, id: string): Promise<boolean> {
  // One read: the request, what its payment may still refund, whether its order was shared to the store.
  const [found] = await ctx.db.select({
    req: afterSales, facts: sql<RefundFactsJson | null>`${refundFactsSql(sql`${afterSales.paymentId}`)}`, shared: sql<boolean>`${orderSharedSql(sql`${afterSales.orderId}`)}`,
  }).from(afterSales).where(and(eq(afterSales.id, id), eq(afterSales.storeId, storeId)));
  const req = found?.req;
  if (!req || req.type !== 'refund' || !req.paymentId || !afterSaleMachine.can(req.state, acceptEvent(req.type))) return false;
  const amount = refundAmountOf(req);
  if (amount <= 0) return false;
  const f = toRefundFacts(req.paymentId, found.facts);
  if (!f || found.shared || amount > f.refundable) return false;

  const now = ctx.clock.now();
  const event = acceptEvent(req.type);
  const to = afterSaleMachine.transition(req.state, event);
  const refundId = randomUUID();
  const refund = { paymentId: req.paymentId, storeId: req.storeId, orderId: req.orderId, amount, reason: req.reason.slice(0, 80), source: refundSourceOf(req.id), refundId };
  // The payment's row first (pay), then the request's (its update waits for pay): the order of locks everywhere.
  const { pay, ref } = refundAtOnceSql(now, f, refund, sql`exists (select 1 from req)`);
  const [r] = await queryRows<{ done: number }>(ctx.db, sql`with ${pay},
    req as (
      update after_sales set state = ${to}, due_at = ${dueAtFor(to, now, timeoutsOf(ctx.config))}, closed_at = ${isOpen(to) ? null : now},
        updated_at = ${now}, refund_id = ${refundId}
      where id = ${req.id} and store_id = ${storeId} and state = ${req.state} and amount = ${req.amount}
        and agreed_amount is not distinct from ${req.agreedAmount}::bigint and exists (select 1 from pay)
      returning id, store_id, order_id),
    ${ref},
    ev as (
      insert into after_sale_events (after_sale_id, store_id, event, actor_role, actor_id, from_state, to_state, detail, at)
      select id, store_id, ${event}, 'merchant', ${actorId}::uuid, ${req.state}, ${to}, null, ${now} from req),
    message as (${outboxInsertSelectSql(now, sql`select store_id, ${`aftersales.${to}`} as topic,
      jsonb_build_object('afterSaleId', id, 'orderId', order_id, 'storeId', store_id) as payload from req`)})
    select (select count(*) from ref)::int as done`);
  return r.done === 1;
}
