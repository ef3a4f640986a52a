// What happens to an order after checkout: paid, cancelled, price lowered, address changed, received.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { fixedIn, queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import type { Actor } from '../../kernel/auth.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { returnStockForOrder } from '../catalog/index.ts';
import { recordAudit } from '../audit/index.ts';
import { addPaidGmv, storeNames } from '../merchants/index.ts';
import { afterAskingProvider, changePaymentAmount, closePayment, lockPayment, paymentSucceeded, refundFailed, refundState, requestRefund, type RefundOutcome } from '../payments/index.ts';
import { giveBackUnpaid, useOrderCoupons } from './discounts-back.ts';
import { addDays, allocateDiscount, itemMachine, orderMachine, type OrderEvent } from './rules.ts';
import { orderEvents, orderItems, orders, type ShippingAddress } from './schema.ts';

export type Who = { role: 'buyer' | 'merchant' | 'operator' | 'system'; id: string | null };
type OrderRow = typeof orders.$inferSelect;

export async function recordEvent(tx: Db, now: Date, order: { id: string; storeId: string }, event: string, who: Who, detail?: Record<string, unknown>) {
  await tx.insert(orderEvents).values({ orderId: order.id, storeId: order.storeId, event, actorRole: who.role, actorId: who.id, detail: detail ?? null, at: now });
}

/**
 * Locks an order of this buyer or this store (404 for anyone else's). A gift's order is not the buyer's to handle as
 * an order (it shows no price to them): only the gifts module reaches it, with `gifts: true`.
 */
export async function lockOrder(tx: Db, scope: { buyerId: string; gifts?: boolean } | { storeId: string }, orderId: string): Promise<OrderRow> {
  const cond = 'buyerId' in scope ? and(eq(orders.buyerId, scope.buyerId), scope.gifts ? undefined : isNull(orders.giftId)) : eq(orders.storeId, scope.storeId);
  const [row] = await tx.select().from(orders).where(and(eq(orders.id, orderId), cond)).for('update');
  if (!row) throw new NotFound('order');
  return row;
}

/** The payment of an order, locked before the order (the notification path locks in the same order). */
async function lockOrderWithPayment(tx: Db, scope: { buyerId: string } | { storeId: string }, orderId: string) {
  const [peek] = await tx.select({ paymentId: orders.paymentId }).from(orders).where(eq(orders.id, orderId));
  if (!peek) throw new NotFound('order');
  if (peek.paymentId) await lockPayment(tx, peek.paymentId);
  return lockOrder(tx, scope, orderId);
}

/** The payment succeeded: its orders await shipment, the stores' paid GMV grows. Once, whatever the replays. */
export async function markOrdersPaid(tx: Db, p: { paymentId: string; amount: number; paidAt: Date }) {
  const to = orderMachine.transition('awaiting_payment', 'pay');
  const paid = await queryRows<{ id: string; storeId: string; total: number | string; currency: string }>(tx, sql`
    update orders set state = ${to}, paid_at = ${p.paidAt}, updated_at = ${p.paidAt}
    where payment_id = ${p.paymentId} and state = 'awaiting_payment'
    returning id, store_id as "storeId", total, currency`);
  const sum = paid.reduce((s, o) => s + Number(o.total), 0);
  if (sum !== p.amount) {
    // The payments module checks the amount against the payment; this is the orders' own invariant.
    throw new Error(`payment ${p.paymentId} paid ${p.amount} but its unpaid orders total ${sum}`);
  }
  // Orders discounts paid whole: the checkout and the sweep below may both try; the second finds nothing left to do.
  if (!paid.length) return;
  const ids = paid.map((o) => o.id);
  await tx.update(orderItems).set({ state: itemMachine.transition('awaiting_payment', 'pay') }).where(and(inArray(orderItems.orderId, ids), eq(orderItems.state, 'awaiting_payment')));
  await useOrderCoupons(tx, p.paidAt, ids);
  await tx.insert(orderEvents).values(paid.map((o) => ({ orderId: o.id, storeId: o.storeId, event: 'paid', actorRole: 'system', actorId: null, detail: { amount: Number(o.total) }, at: p.paidAt })));
  const perStore = new Map<string, number>();
  for (const o of paid) perStore.set(o.storeId, (perStore.get(o.storeId) ?? 0) + Number(o.total));
  // Stores in id order: their paid GMV locks are taken in one order by every payment (merchants/paid-gmv.ts).
  for (const [storeId, amount] of [...perStore].sort(([a], [b]) => (a < b ? -1 : 1))) await addPaidGmv(tx, storeId, amount);
  await enqueue(tx, p.paidAt, paid.map((o) => ({ storeId: o.storeId, topic: 'order.paid', payload: { orderId: o.id, storeId: o.storeId, total: Number(o.total), currency: o.currency } })));
}

/**
 * Cancels unpaid orders (by the buyer, or the payment timeout): stock returns, and the payment shrinks to the
 * orders still unpaid, or closes. The payment row must already be locked by the caller.
 */
async function cancelUnpaid(tx: Db, now: Date, list: OrderRow[], event: Extract<OrderEvent, 'cancel' | 'payment_timeout'>, who: Who, reason: string | null) {
  for (const o of list) {
    const to = orderMachine.transition(o.state, event);
    await tx.update(orders).set({ state: to, cancelledAt: now, cancelReason: reason ?? event, updatedAt: now }).where(eq(orders.id, o.id));
    const items = await tx.update(orderItems).set({ state: itemMachine.transition('awaiting_payment', 'cancel') })
      .where(and(eq(orderItems.orderId, o.id), eq(orderItems.state, 'awaiting_payment'))).returning({ skuId: orderItems.skuId, quantity: orderItems.quantity });
    await returnStockForOrder(tx, now, items, `order ${o.id} ${event}`);
    await giveBackUnpaid(tx, now, o);
    await recordEvent(tx, now, o, event === 'cancel' ? 'cancelled' : 'payment_timeout', who, reason ? { reason } : undefined);
  }
  // Only unpaid orders are cancelled here, and an unpaid order always has its payment (free gifts are never unpaid).
  const paymentIds = [...new Set(list.flatMap((o) => (o.paymentId ? [o.paymentId] : [])))];
  for (const paymentId of paymentIds) await paymentFollowsOrders(tx, now, paymentId);
  await enqueue(tx, now, list.map((o) => ({ storeId: o.storeId, topic: 'order.cancelled', payload: { orderId: o.id, storeId: o.storeId, reason: reason ?? event } })));
}

/** The payment owes what its unpaid orders total now; none left: it is closed. */
async function paymentFollowsOrders(tx: Db, now: Date, paymentId: string) {
  const [{ left }] = await queryRows<{ left: number | string }>(tx, sql`select coalesce(sum(total), 0) as left from orders where payment_id = ${paymentId} and state = 'awaiting_payment'`);
  if (Number(left) > 0) await changePaymentAmount(tx, now, paymentId, Number(left));
  else if ((await closePayment(tx, now, paymentId)) === 'already_paid') {
    throw new Conflict('order_already_paid', 'This order was paid meanwhile; it can no longer be cancelled this way.');
  }
}

export async function cancelByBuyer(ctx: Ctx, tx: Db, buyerId: string, orderId: string, reason: string | null) {
  const o = await lockOrderWithPayment(tx, { buyerId }, orderId);
  await cancelUnpaid(tx, ctx.clock.now(), [o], 'cancel', { role: 'buyer', id: buyerId }, reason);
}

/**
 * Orders that coupons and points paid whole (total 0, no payment to wait for) are marked paid. Checkout does it at
 * once after its statement; this finishes it when the process stopped in between (crash-safe: the orders are rows).
 */
export async function sweepPaidByDiscounts(ctx: Ctx, limit: number) {
  const due = await queryRows<{ paymentId: string }>(ctx.db, sql`
    select distinct o.payment_id as "paymentId" from orders o
    where o.state = 'awaiting_payment' and o.total = 0 and o.payment_id is not null
      and not exists (select 1 from orders other where other.payment_id = o.payment_id and other.total > 0)
    limit ${limit}`);
  for (const { paymentId } of due) await inTransaction(ctx, (tx) => markOrdersPaid(tx, { paymentId, amount: 0, paidAt: ctx.clock.now() }));
  return due.length;
}

/** Orders unpaid past their deadline are cancelled; the provider is asked first, so a payment in flight wins. */
export async function sweepPaymentTimeouts(ctx: Ctx, limit: number, syncPayment: (paymentId: string) => Promise<unknown>) {
  const due = await queryRows<{ paymentId: string }>(ctx.db, sql`
    select distinct payment_id as "paymentId" from orders where state = 'awaiting_payment' and pay_deadline <= ${ctx.clock.now()} limit ${limit}`);
  return afterAskingProvider(due.map((d) => d.paymentId), syncPayment, (paymentId) => inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    await lockPayment(tx, paymentId);
    const list = await tx.select().from(orders)
      .where(and(eq(orders.paymentId, paymentId), eq(orders.state, 'awaiting_payment'), sql`${orders.payDeadline} <= ${now}`)).for('update', { skipLocked: true });
    if (list.length) await cancelUnpaid(tx, now, list, 'payment_timeout', { role: 'system', id: null }, 'payment_timeout');
    return list.length;
  }));
}

/**
 * The merchant lowers what an unpaid order costs (never raises it); the discount is shared over the items. The
 * shipping fee stays: the new total is at least the fee (and at least 1).
 */
export async function lowerPrice(ctx: Ctx, tx: Db, storeId: string, actorId: string | null, orderId: string, newTotal: number) {
  const o = await lockOrderWithPayment(tx, { storeId }, orderId);
  orderMachine.transition(o.state, 'lower_price');
  if (newTotal >= o.total) throw new Invalid('price_not_lower', `The new total must be lower than the current ${o.total}.`, { total: o.total });
  if (newTotal < 1) throw new Invalid('price_too_low', 'An order costs at least 1 minor unit (0.01).');
  if (newTotal < o.shippingFee) throw new Invalid('price_below_shipping_fee', `The new total must cover the shipping fee of ${o.shippingFee}.`, { shippingFee: o.shippingFee });
  const now = ctx.clock.now();
  const discount = o.itemsTotal + o.shippingFee - newTotal;
  // What is taken off now is shared over what the items still cost (their checkout discounts stay theirs).
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, o.id)).orderBy(orderItems.id);
  const shares = allocateDiscount(items.map((i) => i.amount - i.discount), discount - o.discount);
  for (let k = 0; k < items.length; k++) await tx.update(orderItems).set({ discount: items[k].discount + shares[k] }).where(eq(orderItems.id, items[k].id));
  await tx.update(orders).set({ discount, total: newTotal, updatedAt: now }).where(eq(orders.id, o.id));
  await recordEvent(tx, now, o, 'price_lowered', { role: 'merchant', id: actorId }, { from: o.total, to: newTotal });
  if (o.paymentId) await paymentFollowsOrders(tx, now, o.paymentId);
}

/** The source of a shipping fee refund (the payments module's refunds sweep sends it until final). */
export const shippingFeeRefundSource = (orderId: string) => `orders:shipping_fee:${orderId}`;

/**
 * Every item of a paid order was refunded (after-sales closed it as closed_refunded): when nothing of it ever shipped,
 * the shipping fee goes back to the payer too, as its own refund (once). After a shipment the fee stays the store's.
 */
export async function refundShippingFee(tx: Db, now: Date, o: OrderRow) {
  if (o.shippingFee <= 0 || !o.paymentId || o.shippingFeeRefundId || o.shippedAt) return;
  const [shipped] = await queryRows<{ one: number }>(tx, sql`select 1 as one from shipments where order_id = ${o.id} limit 1`);
  if (shipped) return;
  const { id } = await requestRefund(tx, now, {
    paymentId: o.paymentId, storeId: o.storeId, orderId: o.id, amount: o.shippingFee, reason: 'shipping fee', source: shippingFeeRefundSource(o.id),
  });
  await tx.update(orders).set({ shippingFeeRefundId: id, updatedAt: now }).where(eq(orders.id, o.id));
  await recordEvent(tx, now, o, 'shipping_fee_refunded', { role: 'system', id: null }, { amount: o.shippingFee, refundId: id });
}

/**
 * The provider refused the shipping fee's refund for good: the order's timeline says so (once per refund), and the
 * merchant's order detail offers to send it again (retryShippingFeeRefund).
 */
async function shippingFeeRefundFailed(tx: Db, now: Date, r: RefundOutcome) {
  if (!r.orderId || r.source !== shippingFeeRefundSource(r.orderId)) return;
  const [o] = await tx.select().from(orders).where(eq(orders.id, r.orderId)).for('update');
  if (!o || o.shippingFeeRefundId !== r.refundId) return;
  await recordEvent(tx, now, o, 'shipping_fee_refund_failed', { role: 'system', id: null }, { amount: r.amount, refundId: r.refundId });
}

/**
 * Sends a shipping fee refund the provider refused again: a new refund of the same amount, followed the same way. The
 * store's merchant or the operator (any store's), recorded on the order's timeline and in the audit log.
 */
export async function retryShippingFeeRefund(ctx: Ctx, tx: Db, scope: { storeId: string } | 'any', actor: Actor, orderId: string) {
  const who: Who = { role: scope === 'any' ? 'operator' : 'merchant', id: actor.kind === 'user' ? actor.userId : null };
  const [peek] = await tx.select({ storeId: orders.storeId }).from(orders).where(eq(orders.id, orderId));
  if (!peek || (scope !== 'any' && peek.storeId !== scope.storeId)) throw new NotFound('order');
  const o = await lockOrder(tx, { storeId: peek.storeId }, orderId);
  const state = o.shippingFeeRefundId ? await refundState(tx, o.shippingFeeRefundId) : null;
  if (state !== 'failed' || !o.paymentId) {
    throw new Conflict('shipping_fee_refund_not_failed', 'Only a shipping fee refund the payment provider refused can be sent again.', { state });
  }
  const now = ctx.clock.now();
  const { id } = await requestRefund(tx, now, {
    paymentId: o.paymentId, storeId: o.storeId, orderId: o.id, amount: o.shippingFee, reason: 'shipping fee', source: shippingFeeRefundSource(o.id),
  });
  await tx.update(orders).set({ shippingFeeRefundId: id, updatedAt: now }).where(eq(orders.id, o.id));
  await recordEvent(tx, now, o, 'shipping_fee_refund_retried', who, { amount: o.shippingFee, refundId: id });
  await recordAudit(tx, actor, {
    action: 'order.shipping_fee_refund_retried', entityType: 'order', entityId: o.id, storeId: o.storeId,
    before: { refundId: o.shippingFeeRefundId }, after: { refundId: id, amount: o.shippingFee, by: who.role },
  }, now);
}

/** Orders whose shipping fee refund the provider refused for good and nobody sent again yet (the operator's list, oldest first). */
export async function failedShippingFeeRefunds(db: Db, q: { limit: number; offset: number }) {
  const where = sql`from orders o join refunds r on r.id = o.shipping_fee_refund_id where r.state = 'failed'`;
  const [rows, [{ n }]] = await Promise.all([
    queryRows<{ orderId: string; storeId: string; amount: string | number; currency: string; lastError: string | null; refusedAt: Date | string }>(db, sql`
      select o.id as "orderId", o.store_id as "storeId", r.amount, r.currency, r.last_error as "lastError", r.created_at as "refusedAt" ${where}
      order by r.created_at, o.id limit ${q.limit} offset ${q.offset}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n ${where}`),
  ]);
  const names = await storeNames(db, rows.map((r) => r.storeId));
  return {
    total: Number(n),
    items: rows.map((r) => ({
      orderId: r.orderId, storeId: r.storeId, storeName: names.get(r.storeId) ?? '', amount: Number(r.amount), currency: r.currency, lastError: r.lastError,
      requestedAt: new Date(r.refusedAt).toISOString(),
    })),
  };
}

/** The buyer changes where it ships, until it ships. */
export async function changeAddress(ctx: Ctx, tx: Db, buyerId: string, orderId: string, address: ShippingAddress) {
  const o = await lockOrder(tx, { buyerId }, orderId);
  orderMachine.transition(o.state, 'change_address');
  const now = ctx.clock.now();
  await tx.update(orders).set({ address, updatedAt: now }).where(eq(orders.id, o.id));
  await recordEvent(tx, now, o, 'address_changed', { role: 'buyer', id: buyerId });
}

/** Receipt confirmed (by the buyer, or automatically): the after-sales window starts, settlement follows it. */
async function receive(ctx: Ctx, tx: Db, o: OrderRow, event: 'confirm_receipt' | 'auto_receipt', who: Who) {
  const now = ctx.clock.now();
  const to = orderMachine.transition(o.state, event);
  // Settlement waits for the after-sales window: the platform's, or the store's when it gives longer.
  const [{ days }] = await queryRows<{ days: number | null }>(tx, sql`select after_sales_days as days from stores where id = ${o.storeId}`);
  const settleAt = addDays(now, Math.max(Number(days ?? 0), ctx.config.afterSalesDays));
  await tx.update(orders).set({ state: to, receivedAt: now, settleAt, updatedAt: now }).where(eq(orders.id, o.id));
  await tx.update(orderItems).set({ state: itemMachine.transition('shipped', 'receive') }).where(and(eq(orderItems.orderId, o.id), eq(orderItems.state, 'shipped')));
  await recordEvent(tx, now, o, event === 'confirm_receipt' ? 'received' : 'auto_received', who);
  await enqueue(tx, now, [{ storeId: o.storeId, topic: 'order.completed', payload: { orderId: o.id, storeId: o.storeId } }]);
}

export async function confirmReceipt(ctx: Ctx, tx: Db, buyerId: string, orderId: string, opts: { gift?: boolean } = {}) {
  await receive(ctx, tx, await lockOrder(tx, { buyerId, gifts: opts.gift }, orderId), 'confirm_receipt', { role: 'buyer', id: buyerId });
}

export async function sweepAutoReceipt(ctx: Ctx, limit: number) {
  return inTransaction(ctx, async (tx) => {
    const due = await tx.select().from(orders)
      .where(and(fixedIn(orders.state, ['awaiting_receipt']), sql`${orders.receiveDeadline} <= ${ctx.clock.now()}`))
      .orderBy(orders.receiveDeadline).limit(limit).for('update', { skipLocked: true });
    for (const o of due) await receive(ctx, tx, o, 'auto_receipt', { role: 'system', id: null });
    return due.length;
  });
}

let following = false;
/** The hooks carry no time: the clock of the app that wired them last (one per process, or one shared by tests). */
let hookClock: Clock = systemClock;
/** Wires orders to the payments module's hooks (once per process): payments succeeded, shipping fee refunds refused. */
export function followPayments(clock: Clock = systemClock) {
  hookClock = clock;
  if (following) return;
  following = true;
  paymentSucceeded.on(async (tx, p) => {
    if (p.purpose === 'orders') await markOrdersPaid(tx, p);
  });
  refundFailed.on(async (tx, r) => shippingFeeRefundFailed(tx, hookClock.now(), r));
}
