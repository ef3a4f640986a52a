// The money of after-sales: a request reaching `refunding` sends its refund through the payments module (to the
// payment that paid the order: for a gift, the giver's); the provider's answer moves the request (once, whatever the
// replays), marks the order item refunded, closes the order when every paid item is, and reverses the settlement of
// an order already settled (a 'refund' entry of the store balance ledger, one per refund). An order refunded whole
// before anything shipped also gives its shipping fee back (orders' refundShippingFee); otherwise the fee stays.
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { applyBasisPoints } from '../../kernel/money.ts';
import { couponsBackAfterRefund, lockOrder, moveBalance, pointsBackForRefund, recordEvent, orderMachine, itemMachine, refundShippingFee } from '../orders/index.ts';
import { addDays } from '../orders/rules.ts';
import { orderItems, orders, storeBalanceLedger } from '../orders/schema.ts';
import { refundFailed, refundSucceeded, requestRefund, type RefundOutcome } from '../payments/index.ts';
import { lockRequest, lockWithPayment, moveRequest, type AfterSaleRow, type Who } from './lifecycle.ts';
import { afterSales } from './schema.ts';

const SYSTEM: Who = { role: 'system', id: null };
const SOURCE = 'aftersales:';

/** The refund's source naming this request (how the payments hooks find it again). */
export const refundSourceOf = (afterSaleId: string) => `${SOURCE}${afterSaleId}`;

/** What the request refunds: the agreed figure once there is one, else what the buyer asked. */
export const refundAmountOf = (req: Pick<AfterSaleRow, 'amount' | 'agreedAmount'>) => req.agreedAmount ?? req.amount;

/**
 * The request reached `refunding` (moveRequest calls this, in its transaction): nothing to send (a store's free gift,
 * or an amount of 0) finishes it at once; else a refund of the order's payment is requested (sent by the refunds
 * sweep) and its id kept on the request.
 */
export async function startRefund(ctx: Ctx, tx: Db, req: AfterSaleRow): Promise<void> {
  const amount = refundAmountOf(req);
  if (!req.paymentId || amount === 0) {
    const done = await moveRequest(ctx, tx, req, 'refund_succeeded', SYSTEM, { refundId: null }, { amount: 0, nothingToSend: true });
    await refundReachedOrder(ctx, tx, done, 0, null);
    return;
  }
  const { id } = await requestRefund(tx, ctx.clock.now(), {
    paymentId: req.paymentId, storeId: req.storeId, orderId: req.orderId, amount, reason: req.reason.slice(0, 80), source: refundSourceOf(req.id),
  });
  await tx.update(afterSales).set({ refundId: id }).where(eq(afterSales.id, req.id));
}

/** The request a refund outcome is about, locked, when it still waits for this refund (else null: a replay). */
async function waitingRequest(tx: Db, r: RefundOutcome): Promise<AfterSaleRow | null> {
  if (!r.source.startsWith(SOURCE)) return null;
  const req = await lockRequest(tx, 'any', r.source.slice(SOURCE.length));
  return req.state === 'refunding' && req.refundId === r.refundId ? req : null;
}

/** The provider paid the refund: the request is refunded, the order follows. Once per refund. */
export async function afterSaleRefunded(ctx: Ctx, tx: Db, r: RefundOutcome) {
  const req = await waitingRequest(tx, r);
  if (!req) return;
  const done = await moveRequest(ctx, tx, req, 'refund_succeeded', SYSTEM, {}, { refundId: r.refundId, amount: r.amount });
  await refundReachedOrder(ctx, tx, done, r.amount, r.refundId);
  // The one who asked is told; so is the one the money went to when that is someone else (a gift's giver). A gift's
  // recipient is not told the amount (the gift's price is the giver's).
  const [{ payerId }] = await queryRows<{ payerId: string }>(tx, sql`select payer_id as "payerId" from payments where id = ${r.paymentId}`);
  const told = { afterSaleId: req.id, orderId: req.orderId, amount: r.amount, currency: req.currency };
  const toAsker = payerId !== req.buyerId ? { afterSaleId: req.id, orderId: req.orderId, toPayer: true } : told;
  await enqueue(tx, ctx.clock.now(), [
    { storeId: req.storeId, topic: 'message.aftersale_refunded', payload: { userId: req.buyerId, ...toAsker } },
    ...(payerId !== req.buyerId ? [{ storeId: req.storeId, topic: 'message.aftersale_refunded_to_payer', payload: { userId: payerId, ...told } }] : []),
  ]);
}

/** The provider refused the refund for good: the request waits for a retry (merchant or operator). */
export async function afterSaleRefundFailed(ctx: Ctx, tx: Db, r: RefundOutcome) {
  const req = await waitingRequest(tx, r);
  if (!req) return;
  await moveRequest(ctx, tx, req, 'refund_failed', SYSTEM, {}, { refundId: r.refundId, amount: r.amount });
}

/** Sends a failed refund again (a new refund of the same amount). */
export async function retryRefund(ctx: Ctx, tx: Db, scope: { storeId: string } | 'any', id: string, who: Who): Promise<AfterSaleRow> {
  const req = await lockWithPayment(tx, scope, id);
  await moveRequest(ctx, tx, req, 'retry_refund', who, {}, { failedRefundId: req.refundId });
  const [row] = await tx.select().from(afterSales).where(eq(afterSales.id, id));
  return row;
}

/**
 * What a refunded request does to its order: the item's refunded amount grows (refund_state partial or full; fully
 * refunded items close), the order's timeline tells it, the order closes as closed_refunded when every paid item is
 * fully refunded, and an order already settled gives back what the refund takes from the store's credit.
 */
async function refundReachedOrder(ctx: Ctx, tx: Db, req: AfterSaleRow, amount: number, refundId: string | null) {
  const now = ctx.clock.now();
  const order = await lockOrder(tx, { storeId: req.storeId }, req.orderId);
  const [item] = await tx.select().from(orderItems).where(eq(orderItems.id, req.orderItemId)).for('update');
  const paid = item.amount - item.discount;
  const refunded = item.refundedAmount + amount;
  // An item that cost nothing (a free gift) is fully refunded once requests have taken back all its units.
  const full = paid > 0 ? refunded >= paid : (await refundedQuantity(tx, item.id)) >= item.quantity;
  const state = full && itemMachine.can(item.state, 'refund_full') ? itemMachine.transition(item.state, 'refund_full') : item.state;
  await tx.update(orderItems).set({ refundedAmount: refunded, refundState: full ? 'full' : refunded > 0 ? 'partial' : item.refundState, state }).where(eq(orderItems.id, item.id));
  await recordEvent(tx, now, order, 'refunded', SYSTEM, { afterSaleId: req.id, orderItemId: item.id, amount, refundId, itemRefunded: refunded, full });
  if (item.pointsSpent > 0 && amount > 0) await pointsBackForRefund(tx, now, order, item, amount, req.id);

  if (order.settledAt && refundId && amount > 0) {
    // The settlement counted this item at `paid - item.refundedAmount`; the commission it took on what is refunded now goes back.
    const commission = -(applyBasisPoints(paid - item.refundedAmount, item.commissionBp) - applyBasisPoints(paid - refunded, item.commissionBp));
    const gross = -amount;
    const [debited] = await tx.insert(storeBalanceLedger)
      .values({ storeId: order.storeId, orderId: order.id, kind: 'refund', refundId, currency: order.currency, gross, commission, net: gross - commission, createdAt: now })
      .onConflictDoNothing().returning({ id: storeBalanceLedger.id });
    if (debited) await moveBalance(tx, now, order.storeId, order.currency, gross - commission);
  }

  const [{ open, unshipped, lastShipped }] = await queryRows<{ open: number; unshipped: number; lastShipped: Date | string | null }>(tx, sql`
    select count(*) filter (where state not in ('awaiting_payment', 'cancelled') and refund_state <> 'full')::int as open,
           count(*) filter (where state = 'awaiting_shipment')::int as unshipped,
           (select max(created_at) from shipments where order_id = ${order.id}) as "lastShipped"
    from order_items where order_id = ${order.id}`);
  if (Number(open) === 0 && orderMachine.can(order.state, 'refund_all')) {
    const to = orderMachine.transition(order.state, 'refund_all');
    await tx.update(orders).set({ state: to, updatedAt: now }).where(eq(orders.id, order.id));
    await recordEvent(tx, now, order, 'closed_refunded', SYSTEM);
    await refundShippingFee(tx, now, order);
    await couponsBackAfterRefund(tx, now, { id: order.id, shipped: !!(lastShipped || order.shippedAt) });
    await enqueue(tx, now, [{ storeId: order.storeId, topic: 'order.closed_refunded', payload: { orderId: order.id, storeId: order.storeId } }]);
  } else if (order.state === 'partly_shipped' && Number(unshipped) === 0 && lastShipped) {
    // What was still to ship is refunded: the order is all shipped, and awaits receipt from its last parcel on.
    const shippedAt = new Date(lastShipped);
    await tx.update(orders).set({ state: orderMachine.transition(order.state, 'ship_all'), shippedAt, receiveDeadline: addDays(shippedAt, ctx.config.autoReceiptDays), updatedAt: now })
      .where(eq(orders.id, order.id));
    await recordEvent(tx, now, order, 'shipped_complete', SYSTEM, { reason: 'the items not shipped were refunded' });
  } else {
    await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, order.id));
  }
}

async function refundedQuantity(tx: Db, orderItemId: string) {
  const [{ n }] = await queryRows<{ n: number | string }>(tx, sql`
    select coalesce(sum(quantity), 0)::int as n from after_sales where order_item_id = ${orderItemId} and state = 'refunded'`);
  return Number(n);
}

let hookCtx: Ctx | null = null;
/** Wires after-sales to the payments module's refund hooks (once per process; the latest app's clock and settings). */
export function followAfterSalesRefunds(ctx: Ctx) {
  const first = !hookCtx;
  hookCtx = ctx;
  if (!first) return;
  refundSucceeded.on(async (tx, r) => {
    if (r.source.startsWith(SOURCE)) await afterSaleRefunded(hookCtx!, tx, r);
  });
  refundFailed.on(async (tx, r) => {
    if (r.source.startsWith(SOURCE)) await afterSaleRefundFailed(hookCtx!, tx, r);
  });
}

/** Requests of these orders, newest first (for views that show an order's after-sales state). */
export async function afterSalesOfOrders(db: Db, orderIds: string[]) {
  if (!orderIds.length) return [];
  return db.select({ id: afterSales.id, orderId: afterSales.orderId, orderItemId: afterSales.orderItemId, type: afterSales.type, state: afterSales.state, createdAt: afterSales.createdAt })
    .from(afterSales).where(inArray(afterSales.orderId, orderIds)).orderBy(desc(afterSales.createdAt));
}
