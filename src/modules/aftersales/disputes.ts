// The operator's dispute desk: requests the merchant rejected and the buyer disputed, oldest first; the operator
// decides (refund in full, in part, or reject), the decision is kept on the request and in the audit log. The desk
// also shows requests whose refund failed, to send them again.
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { storeNames } from '../merchants/index.ts';
import { orderItems } from '../orders/schema.ts';
import { users } from '../accounts/schema.ts';
import { lockWithPayment, moveRequest, type AfterSaleRow } from './lifecycle.ts';
import { refundAmountOf } from './money.ts';
import { refundableNow } from './requests.ts';
import { afterSaleEvents, afterSales, type AfterSaleState, type DisputeDecision } from './schema.ts';

export type Decision = { outcome: DisputeDecision['outcome']; amount?: number; note: string };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A request as the operator sees it (no address: the desk decides money, not delivery). */
function deskView(r: AfterSaleRow, facts: { storeName: string; buyerName: string; title: string; attrs: Record<string, string>; itemQuantity: number; paid: number; refundedAmount: number }) {
  return {
    id: r.id, storeId: r.storeId, storeName: facts.storeName, orderId: r.orderId, orderItemId: r.orderItemId, buyerId: r.buyerId, buyerName: facts.buyerName,
    title: facts.title, attrs: facts.attrs, itemQuantity: facts.itemQuantity, itemPaid: facts.paid, itemRefunded: facts.refundedAmount,
    type: r.type, state: r.state, quantity: r.quantity, amount: r.amount, agreedAmount: r.agreedAmount, refundAmount: refundAmountOf(r), currency: r.currency,
    reason: r.reason, detail: r.detail, photoIds: r.photoIds, rejectReason: r.rejectReason, proposal: r.proposal ?? null, disputeReason: r.disputeReason,
    decision: r.decision ?? null, refundId: r.refundId, paymentId: r.paymentId, dueAt: iso(r.dueAt), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    closedAt: iso(r.closedAt),
  };
}
export type DeskView = ReturnType<typeof deskView>;

async function withFacts(db: Db, rows: AfterSaleRow[]): Promise<DeskView[]> {
  if (!rows.length) return [];
  const [names, buyers, items] = await Promise.all([
    storeNames(db, [...new Set(rows.map((r) => r.storeId))]),
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.buyerId))])),
    db.select().from(orderItems).where(inArray(orderItems.id, rows.map((r) => r.orderItemId))),
  ]);
  const store = names;
  const buyer = new Map(buyers.map((u) => [u.id, u.name]));
  const item = new Map(items.map((i) => [i.id, i]));
  return rows.map((r) => {
    const i = item.get(r.orderItemId)!;
    return deskView(r, {
      storeName: store.get(r.storeId) ?? '', buyerName: buyer.get(r.buyerId) ?? '', title: i.title, attrs: i.attrs, itemQuantity: i.quantity,
      paid: i.amount - i.discount, refundedAmount: i.refundedAmount,
    });
  });
}

/** The desk: requests in a state (default: in dispute), the longest waiting first. */
export async function listDesk(db: Db, q: { state: AfterSaleState; limit: number; offset: number }) {
  const where = eq(afterSales.state, q.state);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(afterSales).where(where).orderBy(asc(afterSales.updatedAt), asc(afterSales.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(afterSales).where(where),
  ]);
  return { items: await withFacts(db, rows), total: Number(n) };
}

/** One request with its timeline, for the operator. */
export async function deskDetail(db: Db, id: string) {
  const [row] = await db.select().from(afterSales).where(eq(afterSales.id, id));
  if (!row) throw new NotFound('after_sale');
  const [view] = await withFacts(db, [row]);
  const events = await db.select().from(afterSaleEvents).where(eq(afterSaleEvents.afterSaleId, id)).orderBy(asc(afterSaleEvents.id));
  return {
    ...view,
    events: events.map((e) => ({ event: e.event, actorRole: e.actorRole, fromState: e.fromState, toState: e.toState, detail: e.detail, at: e.at.toISOString() })),
  };
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
