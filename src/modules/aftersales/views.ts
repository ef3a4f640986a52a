// How requests read: the buyer's list and detail with its timeline, the merchant's queue sorted by urgency (the
// nearest deadline first), and the requests of an order for its detail. A gift order's recipient sees no money (the
// gift's price is the giver's; its refunds go back to the giver's payment): every amount is null for them.
import { and, asc, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { NotFound } from '../../kernel/errors.ts';
import { storeNames } from '../merchants/index.ts';
import { stores } from '../merchants/schema.ts';
import { orderItems, orders, type ActorRole } from '../orders/schema.ts';
import { idPrefixOf, idStartsWith } from '../orders/views.ts';
import { afterSaleActions, askableTypes, waitingFor, windowClosesAt, type AfterSaleRole, type AfterSaleTimelineEvent } from './rules.ts';
import { parcelView } from '../orders/carriers.ts';
import { afterSaleEvents, afterSales, type AfterSaleState, type AfterSaleType, type Parcel } from './schema.ts';

type Row = typeof afterSales.$inferSelect;
/** A parcel as it reads: its carrier (old free-text ones as "other"), tracking link, when it was sent. */
const parcelOf = (p: Parcel | null) => (p ? { ...parcelView(p), at: p.at } : null);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export type RequestScope = { buyerId: string } | { storeId: string } | 'any';
const scopeWhere = (s: RequestScope) => (s === 'any' ? undefined : 'buyerId' in s ? eq(afterSales.buyerId, s.buyerId) : eq(afterSales.storeId, s.storeId));

/** Whether the scope is a buyer's (who, for a gift order, is its recipient and sees no money). */
const isBuyer = (s: RequestScope) => s !== 'any' && 'buyerId' in s;
/** Who reads in a scope: the buyer, the store's merchant, the operator (every request). */
const roleOf = (s: RequestScope): AfterSaleRole => (s === 'any' ? 'operator' : 'buyerId' in s ? 'buyer' : 'merchant');

/** What a timeline event tells (each event some of these). */
export type AfterSaleEventDetail = {
  type?: AfterSaleType; quantity?: number; amount?: number; reason?: string; note?: string; carrier?: string; carrierName?: string | null; trackingNo?: string;
  refundId?: string | null; failedRefundId?: string | null; nothingToSend?: boolean; outcome?: 'refund_full' | 'refund_partial' | 'reject';
};

/** A timeline detail without its amounts (for a gift's recipient). */
function withoutMoney(detail: AfterSaleEventDetail | null): AfterSaleEventDetail | null {
  if (!detail) return null;
  return Object.fromEntries(Object.entries(detail).filter(([k]) => k !== 'amount' && k !== 'refundable'));
}

/** The item of a request as its views show it. */
export const itemColumns = { id: orderItems.id, title: orderItems.title, attrs: orderItems.attrs, imageId: orderItems.imageId, skuId: orderItems.skuId, quantity: orderItems.quantity };
type ItemView = Pick<typeof orderItems.$inferSelect, keyof typeof itemColumns>;
const itemKeys = Object.keys(itemColumns) as (keyof ItemView)[];
/** The item of a request as its views show it, from a wider read of it. */
export const itemView = (i: ItemView): ItemView => Object.fromEntries(itemKeys.map((k) => [k, i[k]])) as ItemView;

/** One request as it reads in `scope`, from its row, its item, its store's name and whether its order is a gift's. */
function presentOne(r: Row, item: ItemView | null, storeName: string, gift: boolean, scope: RequestScope, now: Date) {
  const hide = isBuyer(scope) && gift;
  return {
    id: r.id, storeId: r.storeId, storeName, orderId: r.orderId, orderItemId: r.orderItemId, type: r.type, state: r.state,
    gift, moneyHidden: hide,
    quantity: r.quantity, amount: hide ? null : r.amount, agreedAmount: hide ? null : r.agreedAmount, currency: r.currency, reason: r.reason, detail: r.detail,
    photoIds: r.photoIds, exchangeSkuId: r.exchangeSkuId, rejectReason: r.rejectReason,
    proposal: r.proposal && hide ? { ...r.proposal, amount: null } : r.proposal, returnAddress: r.returnAddress,
    returnParcel: parcelOf(r.returnParcel), reshipParcel: parcelOf(r.reshipParcel), disputeReason: r.disputeReason, decision: r.decision && hide ? { ...r.decision, amount: null } : r.decision,
    refundId: r.refundId, dueAt: iso(r.dueAt), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), closedAt: iso(r.closedAt),
    item, actions: afterSaleActions(r, roleOf(scope), now), waitingFor: waitingFor(r.state),
  };
}

async function present(db: Db, rows: Row[], scope: RequestScope, now: Date) {
  if (!rows.length) return [];
  const [items, names, giftOrders] = await Promise.all([
    db.select(itemColumns).from(orderItems).where(inArray(orderItems.id, rows.map((r) => r.orderItemId))),
    storeNames(db, rows.map((r) => r.storeId)),
    db.select({ id: orders.id }).from(orders).where(and(inArray(orders.id, [...new Set(rows.map((r) => r.orderId))]), isNotNull(orders.giftId))),
  ]);
  const gift = new Set(giftOrders.map((o) => o.id));
  return rows.map((r) => presentOne(r, items.find((i) => i.id === r.orderItemId) ?? null, names.get(r.storeId) ?? '', gift.has(r.orderId), scope, now));
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
export async function listRequests(db: Db, scope: RequestScope, q: { state?: AfterSaleState; q?: string; limit: number; offset: number }, now: Date) {
  const words = q.q?.trim();
  const where = and(scopeWhere(scope), q.state ? eq(afterSales.state, q.state) : undefined, words ? searchWhere(words) : undefined);
  const order = scope !== 'any' && 'buyerId' in scope
    ? [desc(afterSales.createdAt), desc(afterSales.id)]
    : [sql`${afterSales.dueAt} asc nulls last`, asc(afterSales.createdAt), asc(afterSales.id)];
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(afterSales).where(where).orderBy(...order).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(afterSales).where(where),
  ]);
  return { afterSales: await present(db, rows, scope, now), total: Number(n) };
}

/**
 * What a request's detail is read with (its row, item, store's name, whether its order is a gift's, and its timeline,
 * times written as toISOString writes them), from after_sales joined by detailJoins.
 */
export const detailColumns = {
  row: afterSales, item: itemColumns, storeName: stores.name, gift: sql<boolean>`${orders.giftId} is not null`,
  events: sql<TimelineRow[]>`coalesce((select json_agg(json_build_object('event', e.event, 'actorRole', e.actor_role, 'fromState', e.from_state,
    'toState', e.to_state, 'detail', e.detail, 'at', to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by e.id)
    from after_sale_events e where e.after_sale_id = ${afterSales.id}), '[]'::json)`,
};
/** A read of requests' details (detailColumns and `extra`), to be narrowed by a where. */
export function detailSelect<E extends Record<string, SQL | SQL.Aliased>>(db: Db, extra: E) {
  return db.select({ ...detailColumns, ...extra }).from(afterSales).leftJoin(orderItems, eq(orderItems.id, afterSales.orderItemId))
    .leftJoin(stores, eq(stores.id, afterSales.storeId)).leftJoin(orders, eq(orders.id, afterSales.orderId));
}
/** What makes a request's detail: what detailColumns read, or what a statement that just wrote the request knows. */
export type DetailParts = { row: Row; item: ItemView | null; storeName: string | null; gift: boolean | null; events: TimelineRow[] };

/** A timeline event as it reads, made where it is written (the statement that wrote it knows it). */
export function timelineRow(event: AfterSaleTimelineEvent, actorRole: ActorRole, fromState: AfterSaleState | null, toState: AfterSaleState | null, detail: AfterSaleEventDetail | null, at: Date): TimelineRow {
  return { event, actorRole, fromState, toState, detail, at: at.toISOString() };
}

/** A request's detail as `scope` sees it (the answer of the detail, of create and of every action). */
export function detailOf(p: DetailParts, scope: RequestScope, now: Date) {
  const view = presentOne(p.row, p.item, p.storeName ?? '', p.gift === true, scope, now);
  return {
    ...view,
    // The table's text columns hold only these values (lifecycle.ts writes them from the machine and the actors).
    timeline: p.events.map((e) => ({
      event: e.event as AfterSaleTimelineEvent, actorRole: e.actorRole as ActorRole, fromState: e.fromState as AfterSaleState | null, toState: e.toState as AfterSaleState | null,
      detail: view.moneyHidden ? withoutMoney(e.detail) : e.detail, at: e.at,
    })),
  };
}

/** One request with its timeline. */
export async function requestDetail(db: Db, scope: RequestScope, id: string, now: Date) {
  const [found] = await detailSelect(db, {}).where(and(eq(afterSales.id, id), scopeWhere(scope)));
  if (!found) throw new NotFound('after_sale');
  return detailOf(found, scope, now);
}
/** A timeline event as requestDetail reads it. */
export type TimelineRow = { event: string; actorRole: string; fromState: string | null; toState: string | null; detail: AfterSaleEventDetail | null; at: string };
export type RequestDetail = Awaited<ReturnType<typeof requestDetail>>;

export type AskableItem = { orderItemId: string; types: AfterSaleType[]; latest: { id: string; type: AfterSaleType; state: AfterSaleState } | null };
/**
 * For each order, its first item (a gift order has one), that item's latest request, and what its buyer may ask now
 * (askableTypes). No money: it is read for a gift's recipient.
 */
export async function askableItems(db: Db, orderIds: string[], now: Date): Promise<Map<string, AskableItem>> {
  if (!orderIds.length) return new Map();
  const [os, items, reqs] = await Promise.all([
    db.select({ id: orders.id, receivedAt: orders.receivedAt, settleAt: orders.settleAt, storeDays: stores.afterSalesDays }).from(orders)
      .leftJoin(stores, eq(stores.id, orders.storeId)).where(inArray(orders.id, orderIds)),
    db.select({ id: orderItems.id, orderId: orderItems.orderId, state: orderItems.state, refundState: orderItems.refundState }).from(orderItems)
      .where(inArray(orderItems.orderId, orderIds)).orderBy(asc(orderItems.id)),
    db.select({ id: afterSales.id, orderItemId: afterSales.orderItemId, type: afterSales.type, state: afterSales.state }).from(afterSales)
      .where(inArray(afterSales.orderId, orderIds)).orderBy(desc(afterSales.createdAt), desc(afterSales.id)),
  ]);
  const out = new Map<string, AskableItem>();
  for (const o of os) {
    const item = items.find((i) => i.orderId === o.id);
    if (!item) continue;
    const mine = reqs.filter((r) => r.orderItemId === item.id);
    const { types } = askableTypes({ ...item, requests: mine.map((r) => r.state), windowClosesAt: windowClosesAt(o, o.storeDays) }, now);
    const latest = mine[0] ? { id: mine[0].id, type: mine[0].type, state: mine[0].state } : null;
    out.set(o.id, { orderItemId: item.id, types, latest });
  }
  return out;
}
