// How requests read: the buyer's list and detail with its timeline, the merchant's queue sorted by urgency (the
// nearest deadline first), and the requests of an order for its detail.
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { NotFound } from '../../kernel/errors.ts';
import { storeNames } from '../merchants/index.ts';
import { orderItems } from '../orders/schema.ts';
import { idPrefixOf, idStartsWith } from '../orders/views.ts';
import { afterSaleEvents, afterSales, type AfterSaleState } from './schema.ts';

type Row = typeof afterSales.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export type RequestScope = { buyerId: string } | { storeId: string } | 'any';
const scopeWhere = (s: RequestScope) => (s === 'any' ? undefined : 'buyerId' in s ? eq(afterSales.buyerId, s.buyerId) : eq(afterSales.storeId, s.storeId));

async function present(db: Db, rows: Row[]) {
  if (!rows.length) return [];
  const [items, names] = await Promise.all([
    db.select({ id: orderItems.id, title: orderItems.title, attrs: orderItems.attrs, imageId: orderItems.imageId, skuId: orderItems.skuId, quantity: orderItems.quantity })
      .from(orderItems).where(inArray(orderItems.id, rows.map((r) => r.orderItemId))),
    storeNames(db, rows.map((r) => r.storeId)),
  ]);
  return rows.map((r) => ({
    id: r.id, storeId: r.storeId, storeName: names.get(r.storeId) ?? '', orderId: r.orderId, orderItemId: r.orderItemId, type: r.type, state: r.state,
    quantity: r.quantity, amount: r.amount, agreedAmount: r.agreedAmount, currency: r.currency, reason: r.reason, detail: r.detail,
    photoIds: r.photoIds, exchangeSkuId: r.exchangeSkuId, rejectReason: r.rejectReason, proposal: r.proposal, returnParcel: r.returnParcel,
    reshipParcel: r.reshipParcel, disputeReason: r.disputeReason, decision: r.decision, refundId: r.refundId, dueAt: iso(r.dueAt),
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), closedAt: iso(r.closedAt),
    item: items.find((i) => i.id === r.orderItemId) ?? null,
  }));
}
export type RequestView = Awaited<ReturnType<typeof present>>[number];

/** Words to find a request by: the start of its or its order's number, the product title, the reason. */
function searchWhere(q: string): SQL {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const prefix = idPrefixOf(q);
  const numbers = prefix ? sql`${idStartsWith(sql`${afterSales.id}`, prefix)} or ${idStartsWith(sql`${afterSales.orderId}`, prefix)} or ` : sql``;
  return sql`(${numbers}trio_unaccent(lower(${afterSales.reason})) like trio_unaccent(lower(${like}))
    or exists (select 1 from order_items i where i.id = ${afterSales.orderItemId} and trio_unaccent(lower(i.title)) like trio_unaccent(lower(${like}))))`;
}

/** The buyer's requests newest first; the merchant's by urgency (due soonest first, those waiting for nobody last). */
export async function listRequests(db: Db, scope: RequestScope, q: { state?: AfterSaleState; q?: string; limit: number; offset: number }) {
  const words = q.q?.trim();
  const where = and(scopeWhere(scope), q.state ? eq(afterSales.state, q.state) : undefined, words ? searchWhere(words) : undefined);
  const order = scope !== 'any' && 'buyerId' in scope
    ? [desc(afterSales.createdAt), desc(afterSales.id)]
    : [sql`${afterSales.dueAt} asc nulls last`, asc(afterSales.createdAt), asc(afterSales.id)];
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(afterSales).where(where).orderBy(...order).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(afterSales).where(where),
  ]);
  return { afterSales: await present(db, rows), total: Number(n) };
}

/** One request with its timeline. */
export async function requestDetail(db: Db, scope: RequestScope, id: string) {
  const [row] = await db.select().from(afterSales).where(and(eq(afterSales.id, id), scopeWhere(scope)));
  if (!row) throw new NotFound('after_sale');
  const [[view], events] = await Promise.all([
    present(db, [row]),
    db.select().from(afterSaleEvents).where(eq(afterSaleEvents.afterSaleId, id)).orderBy(asc(afterSaleEvents.id)),
  ]);
  return {
    ...view,
    timeline: events.map((e) => ({ event: e.event, actorRole: e.actorRole, fromState: e.fromState, toState: e.toState, detail: e.detail ?? null, at: e.at.toISOString() })),
  };
}
export type RequestDetail = Awaited<ReturnType<typeof requestDetail>>;
