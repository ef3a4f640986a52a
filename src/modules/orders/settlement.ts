// Settlement: once an order's after-sales window has passed, its amount less the category commission is credited to
// the store's balance (the shipping fee too, without commission: rules.ts settlementOf). The platform's income is the commission of every settlement. An order waits while one of its
// items has an after-sales request open (its refund would change what is due); a refund after settlement is
// debited by its own ledger entry (kind 'refund', negative amounts), so both views below sum every entry.
import { and, count, desc, eq, inArray, isNull, sql, sum } from 'drizzle-orm';
import { fixedIn, queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { storeNames } from '../merchants/index.ts';
import { OPEN_AFTERSALE_STATES } from '../aftersales/schema.ts';
import { recordEvent } from './lifecycle.ts';
import { settlementOf } from './rules.ts';
import { orderItems, orders, storeBalanceLedger, storeBalances } from './schema.ts';

export async function sweepSettlements(ctx: Ctx, limit: number) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const due = await tx.select().from(orders)
      .where(and(fixedIn(orders.state, ['completed']), isNull(orders.settledAt), sql`${orders.settleAt} <= ${now}`, sql`not exists (
        select 1 from after_sales a where a.order_id = ${orders.id} and a.state in (${sql.join(OPEN_AFTERSALE_STATES.map((st) => sql`${st}`), sql`, `)}))`))
      .orderBy(orders.settleAt).limit(limit).for('update', { skipLocked: true });
    for (const o of due) {
      const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, o.id));
      const s = settlementOf(items, o.shippingFee);
      const [credited] = await tx.insert(storeBalanceLedger).values({ storeId: o.storeId, orderId: o.id, kind: 'settlement', currency: o.currency, ...s, createdAt: now })
        .onConflictDoNothing().returning({ id: storeBalanceLedger.id });
      if (credited) await moveBalance(tx, now, o.storeId, o.currency, s.net);
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
    db.select({ balance: sum(storeBalanceLedger.net), n: count(), settled: sql<number>`count(*) filter (where ${storeBalanceLedger.kind} = 'settlement')` }).from(storeBalanceLedger).where(eq(storeBalanceLedger.storeId, storeId)),
    queryRows<{ orders: number; amount: number | string | null }>(db, sql`
      select count(*)::int as orders, sum(o.total - (select coalesce(sum(i.refunded_amount), 0) from order_items i where i.order_id = o.id)) as amount from orders o
      where o.store_id = ${storeId} and o.settled_at is null and o.state in ('awaiting_shipment', 'partly_shipped', 'awaiting_receipt', 'completed')`),
    db.select().from(storeBalanceLedger).where(eq(storeBalanceLedger.storeId, storeId)).orderBy(desc(storeBalanceLedger.id)).limit(q.limit).offset(q.offset),
  ]);
  return {
    currency: entries[0]?.currency ?? 'CNY',
    balance: Number(totals?.balance ?? 0),
    pending: { orders: Number(pending?.orders ?? 0), amount: Number(pending?.amount ?? 0) },
    settledOrders: Number(totals?.settled ?? 0),
    total: Number(totals?.n ?? 0),
    entries: entries.map((e) => ({ id: e.id, orderId: e.orderId, withdrawalId: e.withdrawalId, kind: e.kind, gross: e.gross, commission: e.commission, net: e.net, createdAt: e.createdAt.toISOString() })),
  };
}

/** Entries of sales (the platform's commission is in them); withdrawals move a store's money, not the platform's. */
const SALES = ['settlement', 'refund'] as const;

/** The operator's view: platform commission income over every settlement, less what refunds after settlement gave back. */
export async function platformLedger(db: Db, q: { limit: number; offset: number }) {
  const [[totals], entries] = await Promise.all([
    db.select({ commission: sum(storeBalanceLedger.commission), gross: sum(storeBalanceLedger.gross), n: count(), settled: sql<number>`count(*) filter (where ${storeBalanceLedger.kind} = 'settlement')` })
      .from(storeBalanceLedger).where(inArray(storeBalanceLedger.kind, SALES)),
    db.select().from(storeBalanceLedger).where(inArray(storeBalanceLedger.kind, SALES)).orderBy(desc(storeBalanceLedger.id)).limit(q.limit).offset(q.offset),
  ]);
  const names = await storeNames(db, entries.map((e) => e.storeId));
  return {
    currency: entries[0]?.currency ?? 'CNY',
    commissionTotal: Number(totals?.commission ?? 0),
    grossTotal: Number(totals?.gross ?? 0),
    settledOrders: Number(totals?.settled ?? 0),
    total: Number(totals?.n ?? 0),
    entries: entries.map((e) => ({ id: e.id, storeId: e.storeId, storeName: names.get(e.storeId) ?? '', orderId: e.orderId ?? '', kind: e.kind, gross: e.gross, commission: e.commission, net: e.net, createdAt: e.createdAt.toISOString() })),
  };
}

/** Moves a store's available balance by a ledger entry's net (a credit, or a debit that must happen: a refund), in the caller's transaction. */
export async function moveBalance(tx: Db, now: Date, storeId: string, currency: string, net: number) {
  await tx.insert(storeBalances).values({ storeId, currency, available: net, updatedAt: now })
    .onConflictDoUpdate({ target: storeBalances.storeId, set: { available: sql`${storeBalances.available} + ${net}`, updatedAt: now } });
}

/**
 * A withdrawal takes its amount from the store's available balance (one guarded update: never below zero; of two
 * asking for the whole balance at once exactly one wins) and writes its ledger entry. False when it is not there.
 */
export async function takeForWithdrawal(tx: Db, now: Date, w: { storeId: string; withdrawalId: string; amount: number }): Promise<{ currency: string } | false> {
  const [taken] = await tx.update(storeBalances).set({ available: sql`${storeBalances.available} - ${w.amount}`, updatedAt: now })
    .where(and(eq(storeBalances.storeId, w.storeId), sql`${storeBalances.available} >= ${w.amount}`)).returning({ currency: storeBalances.currency });
  if (!taken) return false;
  await tx.insert(storeBalanceLedger).values({
    storeId: w.storeId, withdrawalId: w.withdrawalId, kind: 'withdrawal', currency: taken.currency, gross: -w.amount, commission: 0, net: -w.amount, createdAt: now,
  });
  return taken;
}

/** What of a withdrawal did not go out comes back to the balance, once (its ledger entry is unique per withdrawal). */
export async function returnWithdrawal(tx: Db, now: Date, w: { storeId: string; withdrawalId: string; amount: number; currency: string }) {
  if (w.amount <= 0) return;
  const [entry] = await tx.insert(storeBalanceLedger).values({
    storeId: w.storeId, withdrawalId: w.withdrawalId, kind: 'withdrawal_returned', currency: w.currency, gross: w.amount, commission: 0, net: w.amount, createdAt: now,
  }).onConflictDoNothing().returning({ id: storeBalanceLedger.id });
  if (entry) await moveBalance(tx, now, w.storeId, w.currency, w.amount);
}

/** What a profit-sharing return took back from the store's account is in its balance again (the caller writes it once). */
export async function creditProfitSharingReturn(tx: Db, now: Date, r: { storeId: string; orderId: string; amount: number; currency: string }) {
  await tx.insert(storeBalanceLedger).values({ storeId: r.storeId, orderId: r.orderId, kind: 'profit_sharing_return', currency: r.currency, gross: r.amount, commission: 0, net: r.amount, createdAt: now });
  await moveBalance(tx, now, r.storeId, r.currency, r.amount);
}

/** The store's available balance (what a withdrawal may take now). */
export async function availableBalance(db: Db, storeId: string): Promise<{ available: number; currency: string | null }> {
  const [row] = await db.select().from(storeBalances).where(eq(storeBalances.storeId, storeId));
  return { available: row?.available ?? 0, currency: row?.currency ?? null };
}
