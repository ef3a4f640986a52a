// Points and growth follow the money: a member's paid order earns them (once per order, from the outbox's
// 'order.paid'), a refund takes back its share (once per refund, from 'aftersales.refunded'), and lots expire (the
// scheduler's sweep). Subscribers run in the outbox sweep's transaction: what they write commits with the delivery.
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { subscribe, type OutboxMessage } from '../../kernel/outbox.ts';
import { addPoints, expireDuePoints, lockMember, moveGrowth, recordMemberEvent } from './ledger.ts';
import { earnedFor, takeBack } from './rules.ts';
import { memberEvents, membershipPrograms, pointLots } from './schema.ts';

type PaidOrder = { id: string; storeId: string; buyerId: string; total: number | string; currency: string; giftId: string | null; paidAt: Date | null };

async function paidOrder(tx: Db, orderId: string): Promise<PaidOrder | undefined> {
  const [o] = await queryRows<PaidOrder>(tx, sql`select id, store_id as "storeId", buyer_id as "buyerId", total, currency, gift_id as "giftId", paid_at as "paidAt"
    from orders where id = ${orderId}`);
  return o;
}

/**
 * A member's paid order earns growth and a lot of points (valid the program's days) from what was paid. Once per
 * order: the 'earned' event's once key holds it. Gift orders earn nothing (the giver paid, the recipient holds them).
 * Only an order paid while the buyer was a member, whenever its message is delivered (a late delivery must not earn
 * for a purchase made before joining); or, with `expect`, the order a buyer joins after (joining after a purchase):
 * the order must be that buyer's, of that store.
 */
export async function earnForOrder(ctx: Ctx, tx: Db, orderId: string, expect?: { storeId: string; buyerId: string }) {
  const o = await paidOrder(tx, orderId);
  if (!o || !o.paidAt || o.giftId) return;
  if (expect && (expect.storeId !== o.storeId || expect.buyerId !== o.buyerId)) return;
  const [p] = await tx.select().from(membershipPrograms).where(eq(membershipPrograms.storeId, o.storeId));
  if (!p?.enabled) return;
  let m = await lockMember(tx, o.storeId, o.buyerId);
  if (!m || (!expect && m.joinedAt > new Date(o.paidAt))) return;
  const now = ctx.clock.now();
  const points = earnedFor(Number(o.total), o.currency, p.pointsPerUnit);
  const growth = earnedFor(Number(o.total), o.currency, p.growthPerUnit);
  if (!(await recordMemberEvent(tx, now, m, { kind: 'earned', points, growth, orderId: o.id, onceKey: `paid:${o.id}` }))) return;
  m = await addPoints(tx, now, m, points, p.pointsValidDays, o.id);
  await moveGrowth(tx, now, m, growth);
}

/**
 * A refund of a member's order takes back its share of what the order earned: the refunded share of the items paid
 * (all refunds of the order so far, so shares of several partial refunds add up exactly), rounded down. Points come
 * from what is left of the order's own lot; what was already spent or expired is the event's shortfall. Growth never
 * goes below zero. Once per refund (the after-sales request's id).
 */
export async function takeBackForRefund(ctx: Ctx, tx: Db, afterSaleId: string, orderId: string) {
  const o = await paidOrder(tx, orderId);
  if (!o) return;
  let m = await lockMember(tx, o.storeId, o.buyerId);
  if (!m) return;
  const [earned] = await tx.select().from(memberEvents).where(and(eq(memberEvents.storeId, o.storeId), eq(memberEvents.onceKey, `paid:${o.id}`), eq(memberEvents.kind, 'earned')));
  if (!earned) return;
  const [money] = await queryRows<{ paid: number | string; refunded: number | string }>(tx, sql`
    select coalesce(sum(amount - discount), 0) as paid, coalesce(sum(refunded_amount), 0) as refunded from order_items where order_id = ${o.id}`);
  const [prev] = await queryRows<{ points: number | string; growth: number | string }>(tx, sql`
    select coalesce(sum(-points + shortfall), 0) as points, coalesce(sum(-growth), 0) as growth from member_events
    where store_id = ${o.storeId} and buyer_id = ${o.buyerId} and kind = 'taken_back' and order_id = ${o.id}`);
  const now = ctx.clock.now();
  m = await expireDuePoints(tx, now, m);
  const [lot] = await tx.select().from(pointLots).where(and(eq(pointLots.storeId, o.storeId), eq(pointLots.buyerId, o.buyerId), eq(pointLots.orderId, o.id))).for('update');
  const share = { paid: Number(money.paid), refundedSoFar: Number(money.refunded) };
  const points = takeBack({ earned: earned.points, ...share, before: Number(prev.points), available: lot?.remaining ?? 0 });
  const growth = takeBack({ earned: earned.growth, ...share, before: Number(prev.growth), available: m.growth });
  if (!(await recordMemberEvent(tx, now, m, { kind: 'taken_back', points: -points.taken, growth: -growth.taken, orderId: o.id, shortfall: points.shortfall, onceKey: `refund:${afterSaleId}` }))) return;
  if (points.taken > 0 && lot) {
    const [ok] = await tx.update(pointLots).set({ remaining: sql`${pointLots.remaining} - ${points.taken}` })
      .where(and(eq(pointLots.id, lot.id), sql`${pointLots.remaining} >= ${points.taken}`)).returning({ id: pointLots.id });
    if (!ok) throw new Error(`point lot ${lot.id} changed under a lock`);
    await tx.execute(sql`update members set points = points - ${points.taken}, updated_at = ${now}
      where store_id = ${o.storeId} and buyer_id = ${o.buyerId} and points >= ${points.taken}`);
  }
  await moveGrowth(tx, now, m, -growth.taken);
}

let hookCtx: Ctx | null = null;
const onPaid = (msg: OutboxMessage, tx: Db) => earnForOrder(hookCtx!, tx, String(msg.payload.orderId));
const onRefunded = (msg: OutboxMessage, tx: Db) => takeBackForRefund(hookCtx!, tx, String(msg.payload.afterSaleId), String(msg.payload.orderId));

/** Wires earning and taking back to the outbox (app.ts; the latest app's clock and settings). */
export function followMembership(ctx: Ctx) {
  hookCtx = ctx;
  subscribe('order.paid', onPaid);
  subscribe('aftersales.refunded', onRefunded);
}

/**
 * Expired lots leave their members' balances ('expired' events). Members with due lots are taken with SKIP LOCKED
 * (member row first, then its lots: the order spending locks in), so many processes may sweep at once.
 */
export async function sweepExpiredPoints(ctx: Ctx, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const due = await queryRows<{ storeId: string; buyerId: string }>(ctx.db, sql`
    select distinct store_id as "storeId", buyer_id as "buyerId" from point_lots where live and expires_at <= ${now} limit ${limit}`);
  let done = 0;
  for (const d of due) {
    await inTransaction(ctx, async (tx) => {
      const [m] = await queryRows<{ one: number }>(tx, sql`select 1 as one from members where store_id = ${d.storeId} and buyer_id = ${d.buyerId} for update skip locked`);
      if (!m) return;
      const row = await lockMember(tx, d.storeId, d.buyerId);
      if (row) await expireDuePoints(tx, now, row);
      done++;
    });
  }
  return done;
}
