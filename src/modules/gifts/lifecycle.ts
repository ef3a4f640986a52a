// What happens to a gift after it is sent: paid, cancelled when never paid, expired when units are left at the end
// of the claim window (stock back, refund to the giver), refunded. Sweeps take their rows with SKIP LOCKED and lock
// the payment before the gift (as payments and orders do), so any number of processes can run them: once per gift.
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { moveStock, returnStockForOrder } from '../catalog/index.ts';
import {
  afterAskingProvider, closePayment, lockPayment, paymentSucceeded, refundFailed, refundSucceeded, requestRefund, type RefundOutcome,
} from '../payments/index.ts';
import { returnToPool } from '../minisite/gift-activity-pool.ts';
import { giveBackUnclaimed, giveBackUnpaidGift } from '../orders/index.ts';
import { proportionalBack } from '../pricing/index.ts';
import { giftMachine } from './rules.ts';
import { giftClaims, gifts } from './schema.ts';
import { markGiftPaid } from './send.ts';

type GiftRow = typeof gifts.$inferSelect;

/** Gifts unpaid past their deadline are cancelled and their stock returns; the provider is asked first. */
export async function sweepGiftPaymentTimeouts(ctx: Ctx, limit: number, syncPayment: (paymentId: string) => Promise<unknown>) {
  const due = await queryRows<{ paymentId: string }>(ctx.db, sql`
    select payment_id as "paymentId" from gifts where state = 'awaiting_payment' and pay_deadline <= ${ctx.clock.now()} order by pay_deadline limit ${limit}`);
  return afterAskingProvider(due.map((d) => d.paymentId), syncPayment, (paymentId) => inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    await lockPayment(tx, paymentId);
    const list = await tx.select().from(gifts)
      .where(and(eq(gifts.paymentId, paymentId), eq(gifts.state, 'awaiting_payment'), sql`${gifts.payDeadline} <= ${now}`)).for('update', { skipLocked: true });
    for (const g of list) {
      await tx.update(gifts).set({ state: giftMachine.transition(g.state, 'payment_timeout'), cancelledAt: now, updatedAt: now }).where(eq(gifts.id, g.id));
      await returnStockForOrder(tx, now, [{ skuId: g.skuId, quantity: g.unitQuantity * g.units }], `gift ${g.id} payment_timeout`);
      await giveBackUnpaidGift(tx, now, g);
      // The payment is locked and the gift was still unpaid: the payment cannot have been paid.
      if ((await closePayment(tx, now, paymentId)) === 'already_paid') throw new Error(`gift ${g.id}: payment ${paymentId} paid but the gift is unpaid`);
      await enqueue(tx, now, [{ storeId: g.storeId, topic: 'gift.cancelled', payload: { giftId: g.id, storeId: g.storeId, reason: 'payment_timeout' } }]);
    }
    return list.length;
  }));
}

/**
 * Gifts whose claim window ended with units left: expired; the units' stock returns, lottery wins not claimed
 * lapse, and a buyer's gift is refunded for the units nobody claimed (a store's free gift has nothing to refund):
 * refunded once its payment's refund succeeded, or at once when coupons and points paid all of it (they come back
 * in the same transaction).
 */
export async function sweepGiftExpiry(ctx: Ctx, limit: number) {
  const due = await queryRows<{ id: string; paymentId: string | null }>(ctx.db, sql`
    select id, payment_id as "paymentId" from gifts where state = 'waiting' and expires_at <= ${ctx.clock.now()} order by expires_at limit ${limit}`);
  let expired = 0;
  for (const d of due) {
    expired += await inTransaction(ctx, async (tx) => {
      if (d.paymentId) await lockPayment(tx, d.paymentId);
      const [g] = await tx.select().from(gifts)
        .where(and(eq(gifts.id, d.id), eq(gifts.state, 'waiting'), sql`${gifts.expiresAt} <= ${ctx.clock.now()}`)).for('update', { skipLocked: true });
      if (!g) return 0;
      await expire(tx, ctx.clock.now(), g);
      return 1;
    });
  }
  return expired;
}

async function expire(tx: Db, now: Date, g: GiftRow) {
  const returned = g.units - g.unitsClaimed;
  const expired = giftMachine.transition(g.state, 'expire');
  // A buyer's gift that coupons and points paid whole (no payment to refund): what its unclaimed units cost comes
  // back now, in this transaction (giveBackUnclaimed below), so it is refunded at once.
  const paidByDiscounts = g.source === 'buyer' && !g.paymentId && returned > 0;
  const state = paidByDiscounts ? giftMachine.transition(expired, 'refund') : expired;
  await tx.update(gifts).set({ state, expiredAt: now, refundedAt: paidByDiscounts ? now : null, unitsReturned: returned, updatedAt: now }).where(eq(gifts.id, g.id));
  await tx.update(giftClaims).set({ state: 'lapsed' }).where(and(eq(giftClaims.giftId, g.id), eq(giftClaims.state, 'won')));
  // The returned units' share of what was paid: their list amount less their share of the discount (rounded down on
  // the running total over units, as each claimed unit's order took its share: gift-orders.ts).
  const refund = g.source === 'buyer' && g.paymentId ? g.unitPrice * g.unitQuantity * returned - proportionalBack(g.discount, g.units, g.unitsClaimed, returned) : 0;
  if (returned > 0) {
    // A cooperation gift's units go back to its activity's pool while the activity runs, else to the SKU.
    const toPool = g.activityId ? await returnToPool(tx, g.activityId, g.skuId, returned * g.unitQuantity) : false;
    if (!toPool) await moveStock(tx, now, null, g.storeId, g.skuId, { op: 'add', quantity: returned * g.unitQuantity, reason: 'gift_refund', note: `gift ${g.id}: ${returned} unit(s) not claimed` });
    if (g.source === 'buyer') await giveBackUnclaimed(tx, now, g, returned);
    if (refund > 0) await requestRefund(tx, now, { paymentId: g.paymentId!, storeId: g.storeId, amount: refund, reason: 'Gift not claimed in time', source: 'gift' });
  }
  await enqueue(tx, now, [{ storeId: g.storeId, topic: 'message.gift_expired', payload: { userId: g.giverId, giftId: g.id, unitsReturned: returned, refund, currency: g.currency } }]);
}

/** The refund of an expired gift reached the giver: the gift is refunded. */
async function giftRefunded(tx: Db, r: RefundOutcome) {
  const now = hookClock.now();
  const [g] = await tx.update(gifts).set({ state: giftMachine.transition('expired', 'refund'), refundedAt: now, updatedAt: now })
    .where(and(eq(gifts.paymentId, r.paymentId), eq(gifts.state, 'expired'))).returning();
  if (g) await enqueue(tx, now, [{ storeId: g.storeId, topic: 'message.gift_refunded', payload: { userId: g.giverId, giftId: g.id, amount: r.amount, currency: g.currency } }]);
}

/** A gift's refund failed for good: the operator follows it up (the gift stays expired). */
async function giftRefundFailed(tx: Db, r: RefundOutcome) {
  const [g] = await tx.select({ id: gifts.id, storeId: gifts.storeId }).from(gifts).where(eq(gifts.paymentId, r.paymentId));
  await enqueue(tx, hookClock.now(), [{ storeId: g?.storeId ?? r.storeId, topic: 'gift.refund_failed', payload: { giftId: g?.id ?? null, paymentId: r.paymentId, refundId: r.refundId, amount: r.amount } }]);
}

let following = false;
/** The hooks carry no time: they use the clock of the app that wired them last (one per process, or one shared by tests). */
let hookClock: Clock = systemClock;
/** Wires gifts to the payments module's hooks (once per process). */
export function followGiftPayments(clock: Clock) {
  hookClock = clock;
  if (following) return;
  following = true;
  paymentSucceeded.on(async (tx, p) => {
    if (p.purpose === 'gift') await markGiftPaid(tx, p);
  });
  refundSucceeded.on(async (tx, r) => {
    if (r.source === 'gift') await giftRefunded(tx, r);
  });
  refundFailed.on(async (tx, r) => {
    if (r.source === 'gift') await giftRefundFailed(tx, r);
  });
}
