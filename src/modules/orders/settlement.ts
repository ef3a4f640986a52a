// Settlement: once an order's after-sales window has passed, its amount less the category commission is credited to
// the store's balance (the shipping fee too, without commission: rules.ts settlementOf). The platform's income is the commission of every settlement. An order waits while one of its
// items has an after-sales request open (its refund would change what is due); a refund after settlement is
// debited by its own ledger entry (kind 'refund', negative amounts), so both views below sum every entry.
import { and, count, desc, eq, isNull, sql, sum } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { storeNames } from '../merchants/index.ts';
import { OPEN_AFTERSALE_STATES } from '../aftersales/schema.ts';
import { recordEvent } from './lifecycle.ts';
import { settlementOf } from './rules.ts';
import { orderItems, orders, storeBalanceLedger } from './schema.ts';

export async function sweepSettlements(ctx: Ctx, limit: number) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const due = await tx.select().from(orders)
      .where(and(eq(orders.state, 'completed'), isNull(orders.settledAt), sql`${orders.settleAt} <= ${now}`, sql`not exists (
        select 1 from after_sales a where a.order_id = ${orders.id} and a.state in (${sql.join(OPEN_AFTERSALE_STATES.map((st) => sql`${st}`), sql`, `)}))`))
      .orderBy(orders.settleAt).limit(limit).for('update', { skipLocked: true });
    for (const o of due) {
      const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, o.id));
      const s = settlementOf(items, o.shippingFee);
      await tx.insert(storeBalanceLedger).values({ storeId: o.storeId, orderId: o.id, kind: 'settlement', currency: o.currency, ...s, createdAt: now }).onConflictDoNothing();
      await tx.update(orders).set({ settledAt: now, updatedAt: now }).where(eq(orders.id, o.id));
      await recordEvent(tx, now, o, 'settled', { role: 'system', id: null }, s);
      await enqueue(tx, now, [{ storeId: o.storeId, topic: 'order.settled', payload: { orderId: o.id, storeId: o.storeId, ...s, currency: o.currency } }]);
    }
    return due.length;
  });
}

/** The store's balance, what is still to settle, and its ledger (newest first). */
export async function storeBalance(db: Db, storeId: string, q: { limit: number; offset: number }) {
  const [[totals], [pending], entries] = await Promise.all([
    db.select({ balance: sum(storeBalanceLedger.net), n: count() }).from(storeBalanceLedger).where(eq(storeBalanceLedger.storeId, storeId)),
    queryRows<{ orders: number; amount: number | string | null }>(db, sql`
      select count(*)::int as orders, sum(o.total - (select coalesce(sum(i.refunded_amount), 0) from order_items i where i.order_id = o.id)) as amount from orders o
      where o.store_id = ${storeId} and o.settled_at is null and o.state in ('awaiting_shipment', 'partly_shipped', 'awaiting_receipt', 'completed')`),
    db.select().from(storeBalanceLedger).where(eq(storeBalanceLedger.storeId, storeId)).orderBy(desc(storeBalanceLedger.id)).limit(q.limit).offset(q.offset),
  ]);
  return {
    currency: entries[0]?.currency ?? 'CNY',
    balance: Number(totals?.balance ?? 0),
    pending: { orders: Number(pending?.orders ?? 0), amount: Number(pending?.amount ?? 0) },
    total: Number(totals?.n ?? 0),
    entries: entries.map((e) => ({ id: e.id, orderId: e.orderId, kind: e.kind, gross: e.gross, commission: e.commission, net: e.net, createdAt: e.createdAt.toISOString() })),
  };
}

/** The operator's view: platform commission income over every settlement, less what refunds after settlement gave back. */
export async function platformLedger(db: Db, q: { limit: number; offset: number }) {
  const [[totals], entries] = await Promise.all([
    db.select({ commission: sum(storeBalanceLedger.commission), gross: sum(storeBalanceLedger.gross), n: count(), settled: sql<number>`count(*) filter (where ${storeBalanceLedger.kind} = 'settlement')` }).from(storeBalanceLedger),
    db.select().from(storeBalanceLedger).orderBy(desc(storeBalanceLedger.id)).limit(q.limit).offset(q.offset),
  ]);
  const names = await storeNames(db, entries.map((e) => e.storeId));
  return {
    currency: entries[0]?.currency ?? 'CNY',
    commissionTotal: Number(totals?.commission ?? 0),
    grossTotal: Number(totals?.gross ?? 0),
    settledOrders: Number(totals?.settled ?? 0),
    total: Number(totals?.n ?? 0),
    entries: entries.map((e) => ({ id: e.id, storeId: e.storeId, storeName: names.get(e.storeId) ?? '', orderId: e.orderId, kind: e.kind, gross: e.gross, commission: e.commission, net: e.net, createdAt: e.createdAt.toISOString() })),
  };
}
