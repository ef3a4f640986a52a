// How orders read: summaries for lists, details with address, shipments and timeline. Buyer and merchant see the
// same shape; the merchant also sees the buyer's name.
import { parcelView } from './carriers.ts';
import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { together, type Db } from '../../db/client.ts';
import { NotFound } from '../../kernel/errors.ts';
import type { Channel } from '../catalog/index.ts';
import { storeNames } from '../merchants/index.ts';
import { userNames } from '../accounts/index.ts';
import { askableTypes, refundableByQuantity, windowClosesAt, type Askable } from '../aftersales/rules.ts';
import { afterSales, type AfterSaleState, type AfterSaleType } from '../aftersales/schema.ts';
import { giftShops, type GiftCard } from '../gifts/schema.ts';
import { refundState, type RefundState as PaymentRefundState } from '../payments/index.ts';
import { stores } from '../merchants/schema.ts';
import { miniSites } from '../minisite/schema.ts';
import { orderActions, type OrderAction } from './rules.ts';
import {
  orderEvents, orderItems, orders, shipments, type ActorRole, type ItemState, type OrderState, type OrderTimelineEvent, type RefundState, type ShippingAddress,
} from './schema.ts';

export type OrderItemView = {
  id: string; productId: string; skuId: string; title: string; attrs: Record<string, string>; imageId: string | null; unitPrice: number;
  quantity: number; amount: number; discount: number; state: ItemState; refundState: RefundState; refundedAmount: number;
  /** The buyer sent a customisation file for it (through a mini-site). */
  hasCustomFile?: boolean;
  /** What the checkout took off it (member pricing, coupons, points), when anything. */
  priced?: ItemPricing;
};
export type ItemPricing = {
  memberUnitPrice: number | null; memberDiscount: number; productCouponDiscount: number; storeCouponDiscount: number; pointsDiscount: number; pointsSpent: number;
};

/** The item's checkout discounts, or nothing when it was bought at the list price. */
function itemPricing(i: typeof orderItems.$inferSelect): { priced?: ItemPricing } {
  if (i.memberUnitPrice === null && !i.productCouponDiscount && !i.storeCouponDiscount && !i.pointsDiscount) return {};
  return { priced: { memberUnitPrice: i.memberUnitPrice, memberDiscount: i.memberDiscount, productCouponDiscount: i.productCouponDiscount, storeCouponDiscount: i.storeCouponDiscount, pointsDiscount: i.pointsDiscount, pointsSpent: i.pointsSpent } };
}
export type OrderSummary = {
  id: string; storeId: string; storeName: string; state: OrderState; channel: Channel; currency: string; itemsTotal: number; discount: number;
  shippingFee: number; total: number; paymentId: string | null; createdAt: string; payDeadline: string; paidAt: string | null;
  items: (OrderItemView & { categoryId?: number; commissionBp?: number })[];
  buyerName?: string;
  /** The mini-site the order came through (channel mini_site). */
  miniSite: { id: string; name: string } | null;
  /** What the caller (the buyer, or the store's merchant) may do with the order now. */
  actions: OrderAction[];
};
export type OrderDetail = Omit<OrderSummary, 'items'> & {
  /** Each item with what its buyer may ask about it now. */
  items: (OrderItemView & { afterSale: Askable & { refundable: number[] } })[];
  address: ShippingAddress; note: string | null; shippedAt: string | null; receiveDeadline: string | null; receivedAt: string | null;
  settleAt: string | null; settledAt: string | null; cancelledAt: string | null; cancelReason: string | null;
  /** The shipping fee was given back (a whole order refunded before anything shipped). */
  shippingFeeRefunded: boolean;
  /** Where that refund is: pending, processing, succeeded, or failed (the merchant may send it again); null: none. */
  shippingFeeRefundState: PaymentRefundState | null;
  shipments: (ShipmentParcel & { id: string; createdAt: string; itemIds: string[] })[];
  events: { event: OrderTimelineEvent; actorRole: ActorRole; at: string; detail: OrderEventDetail | null }[];
  /** The gift this order delivers, with the card to print; the offline shop it came from. */
  gift: { giftId: string; card: (GiftCard & { language: NonNullable<GiftCard['language']> | null }) | null } | null; shopId: string | null; shopName: string | null;
  /** The after-sales requests of its items, oldest first. */
  afterSales: { id: string; orderItemId: string; type: AfterSaleType; state: AfterSaleState; amount: number; agreedAmount: number | null }[];
};

/** What an order's timeline tells of an event (each event some of these). */
export type OrderEventDetail = {
  giftId?: string; amount?: number; reason?: string; carrier?: string; carrierName?: string | null; trackingNo?: string; items?: number; complete?: boolean;
  from?: number; to?: number; gross?: number; commission?: number; net?: number; afterSaleId?: string; orderItemId?: string;
  refundId?: string | null; itemRefunded?: number; full?: boolean;
};

type OrderRow = typeof orders.$inferSelect;
/** A parcel as it reads (carriers.ts parcelView). */
export type ShipmentParcel = ReturnType<typeof parcelView>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const itemsOf = (db: Db, orderIds: string[]) => db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).orderBy(asc(orderItems.title), asc(orderItems.id));

/** Summaries of orders; `loaded` are their items when the caller already has them. */
async function summaries(db: Db, rows: OrderRow[], withBuyer: boolean, loaded?: (typeof orderItems.$inferSelect)[]): Promise<OrderSummary[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const siteIds = [...new Set(rows.flatMap((r) => (r.miniSiteId ? [r.miniSiteId] : [])))];
  const [items, names, buyers, sites] = await together(db, [
    async () => loaded ?? itemsOf(db, ids),
    () => storeNames(db, rows.map((r) => r.storeId)),
    async () => (withBuyer ? userNames(db, rows.map((r) => r.buyerId)) : new Map<string, string>()),
    async () => new Map((siteIds.length ? await db.select({ id: miniSites.id, name: miniSites.name }).from(miniSites).where(inArray(miniSites.id, siteIds)) : []).map((m) => [m.id, m.name])),
  ]);
  return rows.map((r) => ({
    id: r.id, storeId: r.storeId, storeName: names.get(r.storeId) ?? '', state: r.state, channel: r.channel, currency: r.currency,
    itemsTotal: r.itemsTotal, discount: r.discount, shippingFee: r.shippingFee, total: r.total, paymentId: r.paymentId, createdAt: r.createdAt.toISOString(),
    payDeadline: r.payDeadline.toISOString(), paidAt: iso(r.paidAt),
    items: items.filter((i) => i.orderId === r.id).map((i) => ({
      id: i.id, productId: i.productId, skuId: i.skuId, title: i.title, attrs: i.attrs, imageId: i.imageId, unitPrice: i.unitPrice,
      quantity: i.quantity, amount: i.amount, discount: i.discount, state: i.state, refundState: i.refundState, refundedAmount: i.refundedAmount,
      ...(i.customMediaId ? { hasCustomFile: true } : {}), ...itemPricing(i),
    })),
    miniSite: r.miniSiteId ? { id: r.miniSiteId, name: sites.get(r.miniSiteId) ?? '' } : null,
    ...(withBuyer ? { buyerName: buyers.get(r.buyerId) ?? '' } : {}),
    actions: orderActions(r.state, withBuyer ? 'merchant' : 'buyer'),
  }));
}

export type OrderScope = { buyerId: string } | { storeId: string };
/** A buyer's orders are those it bought: the orders of gifts it received are shown as gifts, without prices. */
const scopeWhere = (s: OrderScope): SQL => ('buyerId' in s ? and(eq(orders.buyerId, s.buyerId), isNull(orders.giftId))! : eq(orders.storeId, s.storeId));

/**
 * The start of a number (an id, or its short form: the id's first hex digits without dashes, upper case, maybe
 * after '#') when the words look like one: 4 or more hex digits; else null, and no number is searched.
 */
export function idPrefixOf(q: string): string | null {
  const m = /^#?\s*([0-9a-f-]{4,})$/i.exec(q.trim());
  return m ? m[1].replace(/-/g, '').toLowerCase() : null;
}

/** SQL: the uuid column's hex digits (without dashes) start with the prefix of idPrefixOf. */
export const idStartsWith = (col: SQL, prefix: string) => sql`replace(${col}::text, '-', '') like ${`${prefix}%`}`;

/**
 * Words to find an order by: the start of its number, a product title, the name or phone it ships to, a tracking
 * number, or (for the merchant) the buyer's name. Case- and accent-insensitive.
 */
function searchWhere(q: string): SQL {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const t = (col: SQL) => sql`trio_unaccent(lower(${col})) like trio_unaccent(lower(${like}))`;
  const prefix = idPrefixOf(q);
  return sql`(${prefix ? sql`${idStartsWith(sql`${orders.id}`, prefix)} or ` : sql``}exists (select 1 from order_items i where i.order_id = ${orders.id} and ${t(sql`i.title`)})
    or ${t(sql`(${orders.address}->>'name') || ' ' || (${orders.address}->>'phone')`)}
    or exists (select 1 from shipments s where s.order_id = ${orders.id} and ${t(sql`s.tracking_no`)})
    or exists (select 1 from users u where u.id = ${orders.buyerId} and ${t(sql`u.display_name`)}))`;
}

export async function listOrders(db: Db, scope: OrderScope, q: { state?: OrderState; channel?: Channel; q?: string; limit: number; offset: number }) {
  const words = q.q?.trim();
  const where = and(scopeWhere(scope), q.state ? eq(orders.state, q.state) : undefined, q.channel ? eq(orders.channel, q.channel) : undefined, words ? searchWhere(words) : undefined)!;
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(orders).where(where).orderBy(desc(orders.createdAt), desc(orders.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(orders).where(where),
  ]);
  return { orders: await summaries(db, rows, 'storeId' in scope), total: Number(n) };
}

export async function orderDetail(db: Db, scope: OrderScope, orderId: string, now: Date): Promise<OrderDetail> {
  const [row] = await db.select().from(orders).where(and(eq(orders.id, orderId), scopeWhere(scope)));
  if (!row) throw new NotFound('order');
  const items = await itemsOf(db, [orderId]);
  const [[summary], ships, events, [shop], requests, [store], feeRefund] = await together(db, [
    () => summaries(db, [row], 'storeId' in scope, items),
    () => db.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.createdAt)),
    () => db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id)),
    async () => (row.shopId ? db.select({ name: giftShops.name }).from(giftShops).where(eq(giftShops.id, row.shopId)) : []),
    () => db.select({ id: afterSales.id, orderItemId: afterSales.orderItemId, type: afterSales.type, state: afterSales.state, amount: afterSales.amount, agreedAmount: afterSales.agreedAmount, quantity: afterSales.quantity })
      .from(afterSales).where(eq(afterSales.orderId, orderId)).orderBy(asc(afterSales.createdAt), asc(afterSales.id)),
    () => db.select({ days: stores.afterSalesDays }).from(stores).where(eq(stores.id, row.storeId)),
    async () => (row.shippingFeeRefundId ? refundState(db, row.shippingFeeRefundId) : null),
  ]);
  const closes = windowClosesAt(row, store?.days ?? null);
  const askable = (i: OrderItemView) => {
    const mine = requests.filter((a) => a.orderItemId === i.id);
    const ask = askableTypes({ ...i, requests: mine.map((a) => a.state), windowClosesAt: closes }, now);
    // Units already given back in money: those of its refunded requests (requests.ts refundedQuantity).
    const refundedUnits = mine.filter((a) => a.state === 'refunded').reduce((n, a) => n + a.quantity, 0);
    return { ...ask, refundable: ask.types.length ? refundableByQuantity(i, refundedUnits) : [] };
  };
  return {
    ...summary, items: summary.items.map((i) => ({ ...i, afterSale: askable(i) })), address: row.address, note: row.note, shippedAt: iso(row.shippedAt), receiveDeadline: iso(row.receiveDeadline),
    receivedAt: iso(row.receivedAt), settleAt: iso(row.settleAt), settledAt: iso(row.settledAt), cancelledAt: iso(row.cancelledAt), cancelReason: row.cancelReason,
    shippingFeeRefunded: row.shippingFeeRefundId !== null,
    shippingFeeRefundState: feeRefund,
    shipments: ships.map((s) => ({ id: s.id, ...parcelView(s), createdAt: s.createdAt.toISOString(), itemIds: items.filter((i) => i.shipmentId === s.id).map((i) => i.id) })),
    // The table's text columns hold only these values (written by this module and after-sales).
    events: timeline(row.createdAt, events),
    gift: row.giftId ? { giftId: row.giftId, card: row.giftCard ? { ...row.giftCard, language: row.giftCard.language ?? null } : null } : null, shopId: row.shopId, shopName: shop?.name ?? null,
    afterSales: requests.map(({ quantity: _, ...r }) => r),
  };
}

/**
 * An order's timeline. A checkout stores no 'created' event (one row and two index entries less per order): it is
 * the order's own creation by its buyer, told from the order row; orders created otherwise (gifts) store theirs.
 */
function timeline(createdAt: Date, events: (typeof orderEvents.$inferSelect)[]): OrderDetail['events'] {
  const stored = events.map((e) => ({ event: e.event as OrderTimelineEvent, actorRole: e.actorRole as ActorRole, at: e.at.toISOString(), detail: (e.detail as OrderEventDetail | null) ?? null }));
  return stored.some((e) => e.event === 'created') ? stored : [{ event: 'created', actorRole: 'buyer', at: createdAt.toISOString(), detail: null }, ...stored];
}

/** The merchant's export: one row per item, for spreadsheets. */
export async function ordersCsv(db: Db, storeId: string, state?: OrderState) {
  const where = state ? and(eq(orders.storeId, storeId), eq(orders.state, state)) : eq(orders.storeId, storeId);
  const rows = await db.select().from(orders).where(where).orderBy(desc(orders.createdAt)).limit(50_000);
  const list = await summaries(db, rows, true);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const head = ['order_id', 'created_at', 'state', 'buyer', 'currency', 'shipping_fee', 'order_total', 'item_id', 'title', 'attributes', 'unit_price', 'quantity', 'item_amount', 'item_discount', 'item_state', 'refund_state', 'ship_to_name', 'ship_to_phone', 'ship_to_region', 'ship_to_line'];
  const out = [head.join(',')];
  for (const o of list) {
    const a = byId.get(o.id)!.address;
    for (const i of o.items) {
      out.push([o.id, o.createdAt, o.state, o.buyerName ?? '', o.currency, o.shippingFee, o.total, i.id, i.title, Object.entries(i.attrs).map(([k, v]) => `${k}: ${v}`).join('; '),
        i.unitPrice, i.quantity, i.amount, i.discount, i.state, i.refundState, a.name, a.phone, a.region, a.line].map(csvCell).join(','));
    }
  }
  return out.join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote. */
function csvCell(v: unknown): string {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** What a gift's giver and recipient may see of the orders that deliver it: state and shipments (no price, no address). */
export async function giftOrderFacts(db: Db, orderIds: string[]): Promise<Map<string, { state: OrderState; shipments: (ShipmentParcel & { createdAt: string })[] }>> {
  if (!orderIds.length) return new Map();
  const [rows, ships] = await together(db, [
    () => db.select({ id: orders.id, state: orders.state }).from(orders).where(inArray(orders.id, orderIds)),
    () => db.select().from(shipments).where(inArray(shipments.orderId, orderIds)).orderBy(asc(shipments.createdAt)),
  ]);
  return new Map(rows.map((r) => [r.id, {
    state: r.state,
    shipments: ships.filter((s) => s.orderId === r.id).map((s) => ({ ...parcelView(s), createdAt: s.createdAt.toISOString() })),
  }]));
}
