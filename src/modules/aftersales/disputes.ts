// The operator's dispute desk: requests the merchant rejected and the buyer disputed, oldest first; the operator
// decides (refund in full, in part, or reject), the decision is kept on the request and in the audit log. The desk
// also shows requests whose refund failed, to send them again.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { orderItems } from '../orders/schema.ts';
import { users } from '../accounts/schema.ts';
import { lockWithPayment, moveRequest } from './lifecycle.ts';
import { refundAmountOf } from './money.ts';
import { refundableNow } from './requests.ts';
import { afterSales, type AfterSaleState, type DisputeDecision } from './schema.ts';
import { listRequests, requestDetail } from './views.ts';

export type Decision = { outcome: DisputeDecision['outcome']; amount?: number; note: string };

/** What the operator weighs besides the request: who asked, what the item cost, what was refunded of it already. */
async function withMoney<T extends { id: string; orderItemId: string; amount: number | null; agreedAmount: number | null }>(db: Db, views: T[]) {
  if (!views.length) return [];
  const [rows, items] = await Promise.all([
    db.select({ id: afterSales.id, buyerId: afterSales.buyerId, paymentId: afterSales.paymentId }).from(afterSales).where(inArray(afterSales.id, views.map((v) => v.id))),
    db.select({ id: orderItems.id, amount: orderItems.amount, discount: orderItems.discount, refundedAmount: orderItems.refundedAmount }).from(orderItems).where(inArray(orderItems.id, views.map((v) => v.orderItemId))),
  ]);
  const buyers = rows.length ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.buyerId))])) : [];
  const row = new Map(rows.map((r) => [r.id, r]));
  const item = new Map(items.map((i) => [i.id, i]));
  const name = new Map(buyers.map((u) => [u.id, u.name]));
  return views.map((v) => {
    const r = row.get(v.id)!;
    const i = item.get(v.orderItemId);
    return {
      ...v, buyerId: r.buyerId, buyerName: name.get(r.buyerId) ?? '', paymentId: r.paymentId, refundAmount: refundAmountOf({ amount: v.amount ?? 0, agreedAmount: v.agreedAmount }),
      itemPaid: i ? i.amount - i.discount : 0, itemRefunded: i?.refundedAmount ?? 0,
    };
  });
}

/** The desk: requests in a state (default: in dispute), the longest waiting first. */
export async function listDesk(db: Db, q: { state: AfterSaleState; limit: number; offset: number }, now: Date) {
  const list = await listRequests(db, 'any', q, now);
  return { items: await withMoney(db, list.afterSales), total: list.total };
}

/** One request with its timeline, for the operator. */
export async function deskDetail(db: Db, id: string, now: Date) {
  return (await withMoney(db, [await requestDetail(db, 'any', id, now)]))[0];
}

/**
 * The operator decides a dispute: refund in full (what the units may still get back), in part (an amount up to
 * that), or reject (the request closes). The decision is recorded on the request, its timeline and the audit log.
 */
export async function decideDispute(ctx: Ctx, tx: Db, actor: Extract<Actor, { kind: 'user' }>, id: string, d: Decision) {
  const now = ctx.clock.now();
  const req = await lockWithPayment(tx, 'any', id);
  let amount = 0;
  if (d.outcome !== 'reject') {
    const [item] = await tx.select().from(orderItems).where(and(eq(orderItems.id, req.orderItemId))).for('update');
    const refundable = await refundableNow(tx, item, req.quantity);
    if (d.outcome === 'refund_full') amount = refundable;
    else {
      if (d.amount === undefined) throw new Invalid('amount_required', 'A partial refund names its amount, in minor units.');
      if (d.amount > refundable) throw new Invalid('refund_exceeds_paid', `At most ${refundable} can be refunded for these units.`, { refundable });
      amount = d.amount;
    }
  }
  const decision: DisputeDecision = { outcome: d.outcome, amount, note: d.note, decidedBy: actor.userId, at: now.toISOString() };
  const moved = await moveRequest(ctx, tx, req, d.outcome === 'reject' ? 'operator_reject' : 'operator_refund', { role: 'operator', id: actor.userId },
    d.outcome === 'reject' ? { decision } : { decision, agreedAmount: amount }, { outcome: d.outcome, amount, note: d.note });
  await recordAudit(tx, actor, {
    action: `aftersale.dispute_${d.outcome}`, entityType: 'after_sale', entityId: req.id, storeId: req.storeId, summary: d.note,
    before: { state: req.state, amount: req.amount, agreedAmount: req.agreedAmount }, after: { state: moved.state, decision },
  }, now);
  return moved;
}
