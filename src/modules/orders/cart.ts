// The buyer's cart: lines from any number of stores, always shown at the SKU's current price.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { quoteFreight, skuFacts, type Channel, type SkuFacts } from '../catalog/index.ts';
import { storeNames } from '../merchants/index.ts';
import { checkViaLines, miniSiteIdOf } from '../minisite/index.ts';
import { priceForCart, priceForCheckout, pricingFacts, storeFacts, toStoreChoice, type PricedStore, type StoreChoice } from './pricing.ts';
import { addresses, cartLines } from './schema.ts';

export type CartLineView = {
  skuId: string; productId: string; storeId: string; storeName: string; title: string; attrs: Record<string, string>;
  imageId: string | null; unitPrice: number; currency: string; quantity: number; stock: number; available: boolean;
  problem: null | 'sold_out' | 'not_enough_stock' | 'unavailable'; lineTotal: number; channel: Channel;
  /** The mini-site the line was added through, and the buyer's customisation file for it. */
  miniSiteId: string | null; customMediaId: string | null;
};

export const MAX_LINE_QUANTITY = 999;

/**
 * The cart as the buyer sees it now, with each store order's shipping fee to the address (the given one of the
 * buyer's, else the default one; none: the templates' base fees) and its pricing (member prices, coupons, points:
 * the buyer's choice when given, else the best one). Totals count only lines that can be bought.
 */
export async function viewCart(ctx: Ctx, buyerId: string, addressId?: string, choices: StoreChoice[] = []) {
  const db = ctx.db;
  const rows = await db.select().from(cartLines).where(eq(cartLines.buyerId, buyerId)).orderBy(cartLines.addedAt, cartLines.skuId);
  const facts = new Map<string, SkuFacts>();
  for (const channel of new Set(rows.map((r) => r.channel))) {
    for (const [id, f] of await skuFacts(db, rows.filter((r) => r.channel === channel).map((r) => r.skuId), channel)) facts.set(id, f);
  }
  const names = await storeNames(db, rows.map((r) => r.storeId));
  const lines: CartLineView[] = [];
  for (const r of rows) {
    const f = facts.get(r.skuId);
    if (!f) continue; // a SKU that no longer exists
    const problem = !f.onSale ? 'unavailable' : f.stock === 0 ? 'sold_out' : f.stock < r.quantity ? 'not_enough_stock' : null;
    lines.push({
      skuId: r.skuId, productId: f.productId, storeId: f.storeId, storeName: names.get(f.storeId) ?? '', title: f.title, attrs: f.attrs,
      imageId: f.imageId, unitPrice: f.price, currency: f.currency, quantity: r.quantity, stock: f.stock, available: problem === null,
      problem, lineTotal: f.price * r.quantity, channel: r.channel, miniSiteId: r.miniSiteId, customMediaId: r.customMediaId,
    });
  }
  const address = await addressOf(db, buyerId, addressId);
  const buyable = lines.filter((l) => l.available);
  const fees = await quoteFreight(db, buyable, address?.region ?? null);
  const facts2 = await storeFacts(db, buyerId, ctx.clock.now(), buyable.map((l) => ({ ...l, memberPrice: facts.get(l.skuId)!.memberPrice })));
  const stores = new Map<string, CartStoreView>();
  for (const l of lines) {
    const q = fees.get(l.storeId);
    const s = stores.get(l.storeId) ?? { storeId: l.storeId, storeName: l.storeName, subtotal: 0, lineCount: 0, shippingFee: q?.fee ?? 0, undeliveredProductIds: q?.undeliveredProductIds ?? [], discount: 0, pricing: null };
    s.lineCount += 1;
    if (l.available) s.subtotal += l.lineTotal;
    stores.set(l.storeId, s);
  }
  for (const [storeId, f] of facts2) {
    if (!f.member && !f.coupons.length) continue;
    const s = stores.get(storeId)!;
    s.pricing = pricingView(priceForCart(f, choices.find((c) => c.storeId === storeId)));
    s.discount = s.pricing.totals.discount;
  }
  const currency = lines[0]?.currency ?? 'CNY';
  const list = [...stores.values()];
  const itemsTotal = list.reduce((t, s) => t + s.subtotal, 0);
  const discount = list.reduce((t, s) => t + s.discount, 0);
  const shippingFee = list.reduce((t, s) => t + s.shippingFee, 0);
  return { currency, itemsTotal, discount, shippingFee, total: itemsTotal - discount + shippingFee, addressId: address?.id ?? null, lines, stores: list };
}

/**
 * One SKU line priced for the buyer as the cart prices a store order (a gift's send screen): the list amount, the
 * store order's pricing (the buyer's choice when given, else the best one; null when the buyer is no member of the
 * store and holds none of its coupons) and what would be paid. The gift's send prices it again with the same rule.
 */
export async function priceLine(ctx: Ctx, buyerId: string, line: { skuId: string; quantity: number; channel: Channel }, choice?: Omit<StoreChoice, 'storeId'>) {
  const { skus, stores } = await pricingFacts(ctx.db, buyerId, ctx.clock.now(), line.channel, [line]);
  const f = skus.get(line.skuId);
  if (!f) throw new NotFound('sku', { skuId: line.skuId });
  const store = stores.get(f.storeId)!;
  const listAmount = f.price * line.quantity;
  const pricing = store.member || store.coupons.length ? pricingView(priceForCart(store, choice && { ...choice, storeId: f.storeId })) : null;
  return { skuId: f.skuId, storeId: f.storeId, currency: f.currency, quantity: line.quantity, listAmount, total: pricing ? pricing.totals.itemsPaid : listAmount, pricing };
}

/** A store order's pricing as the cart shows it. */
function pricingView(p: PricedStore) {
  const t = p.breakdown.totals;
  return {
    choice: p.choice, best: toStoreChoice(p.storeId, p.best.choice), refused: p.refused,
    lines: p.breakdown.lines.map(({ key: _k, productId: _p, ...l }) => l),
    totals: { list: t.list, memberDiscount: t.memberDiscount, productCoupons: t.productCoupons, storeCoupon: t.storeCoupon, points: t.points, pointsSpent: t.pointsSpent, itemsPaid: t.itemsPaid, discount: t.list - t.itemsPaid },
    coupons: p.coupons.map((c) => ({ id: c.id, title: c.title, scope: c.scope, kind: c.kind, payBp: c.payBp, threshold: c.threshold, amount: c.amount, productIds: c.productIds, validUntil: c.validUntil.toISOString() })),
    member: p.member ? { level: p.member.level, priceBp: p.member.priceBp, points: p.member.points.balance, pointsPerMinor: p.member.points.pointsPerMinor, maxShareBp: p.member.points.maxShareBp } : null,
  };
}

/**
 * What checking these lines out to one of the buyer's addresses would cost: items at current prices (member prices
 * for a member), the coupons and points of `discounts` taken off (refused choices: their 409/422), and each store
 * order's shipping fee. The checkout statement takes exactly this total.
 */
export async function quoteCheckout(ctx: Ctx, buyerId: string, input: { lines: { skuId: string; quantity: number }[]; addressId?: string; channel?: Channel; discounts?: StoreChoice[] }) {
  const db = ctx.db;
  const { skus: facts, stores: priced } = await pricingFacts(db, buyerId, ctx.clock.now(), input.channel ?? 'store', input.lines);
  const lines = input.lines.filter((l) => facts.has(l.skuId));
  const address = await addressOf(db, buyerId, input.addressId);
  const fees = await quoteFreight(db, lines, address?.region ?? null);
  const stores = [...priced.values()].map(({ storeId, ...f }) => {
    const b = priceForCheckout({ storeId, ...f }, input.discounts?.find((d) => d.storeId === storeId));
    return {
      storeId, subtotal: b.totals.list, discount: b.totals.list - b.totals.itemsPaid,
      shippingFee: fees.get(storeId)?.fee ?? 0, undeliveredProductIds: fees.get(storeId)?.undeliveredProductIds ?? [],
    };
  });
  const itemsTotal = stores.reduce((s, x) => s + x.subtotal, 0);
  const discount = stores.reduce((s, x) => s + x.discount, 0);
  const shippingFee = stores.reduce((s, x) => s + x.shippingFee, 0);
  return { currency: facts.get(lines[0]?.skuId)?.currency ?? 'CNY', itemsTotal, discount, shippingFee, total: itemsTotal - discount + shippingFee, addressId: address?.id ?? null, stores };
}

type CartStoreView = {
  storeId: string; storeName: string; subtotal: number; lineCount: number; shippingFee: number; undeliveredProductIds: string[];
  discount: number; pricing: ReturnType<typeof pricingView> | null;
};

/** The address the cart quotes shipping to: the buyer's own one asked for, else the default one. */
async function addressOf(db: Db, buyerId: string, addressId?: string) {
  const [a] = await db.select({ id: addresses.id, region: addresses.region }).from(addresses)
    .where(and(eq(addresses.buyerId, buyerId), isNull(addresses.deletedAt), addressId ? eq(addresses.id, addressId) : eq(addresses.isDefault, true))).limit(1);
  if (addressId && !a) throw new NotFound('address');
  return a ?? null;
}

type CartLineInput = { skuId: string; quantity: number; channel?: Channel; miniSiteAppId?: string; mediaId?: string; mode: 'add' | 'set' };
export async function putCartLine(ctx: Ctx, buyerId: string, input: CartLineInput) {
  await writeCartLine(ctx, buyerId, input);
  return viewCart(ctx, buyerId);
}

/** Adds to a line (or makes it); `set` replaces the quantity instead. */
async function writeCartLine(ctx: Ctx, buyerId: string, input: CartLineInput) {
  const channel = input.channel ?? (input.miniSiteAppId ? 'mini_site' : 'store');
  const miniSiteId = input.miniSiteAppId ? await miniSiteIdOf(ctx.db, input.miniSiteAppId) : null;
  const mediaId = input.mediaId ?? null;
  if (miniSiteId || mediaId) await checkViaLines(ctx.db, buyerId, [{ skuId: input.skuId, quantity: input.quantity, miniSiteId, mediaId }]);
  const f = (await skuFacts(ctx.db, [input.skuId], channel)).get(input.skuId);
  if (!f) throw new NotFound('sku');
  if (!f.onSale) throw new Invalid('product_not_available', 'This product is not on sale in this channel.', { skuId: input.skuId });
  const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from cart_lines where buyer_id = ${buyerId} and sku_id <> ${input.skuId}`);
  if (n >= ctx.config.cartMaxLines) throw new Invalid('cart_full', `A cart holds at most ${ctx.config.cartMaxLines} lines; check out or remove some first.`);
  const now = ctx.clock.now();
  const quantity = input.mode === 'add' ? sql`least(${cartLines.quantity} + ${input.quantity}, ${MAX_LINE_QUANTITY})` : sql`${input.quantity}`;
  await ctx.db
    .insert(cartLines)
    .values({ buyerId, skuId: input.skuId, storeId: f.storeId, quantity: Math.min(input.quantity, MAX_LINE_QUANTITY), channel, miniSiteId, customMediaId: mediaId, addedAt: now })
    .onConflictDoUpdate({ target: [cartLines.buyerId, cartLines.skuId], set: { quantity, channel, ...(input.mode === 'add' ? { miniSiteId, customMediaId: mediaId } : {}) } });
}

/**
 * Buy again: the SKUs of one of the buyer's paid orders (or only those named: a repurchase reminder's reorder) go into the cart with that order's quantities (set, not
 * added: a second tap changes nothing), at today's prices (a cart is always priced now). The SKUs no longer on sale
 * are not added; their ids come back. One transaction.
 */
export async function buyAgain(ctx: Ctx, buyerId: string, orderId: string, skuIds?: string[]) {
  const items = await queryRows<{ skuId: string; quantity: number }>(ctx.db, sql`
    select i.sku_id as "skuId", sum(i.quantity)::int as quantity from order_items i join orders o on o.id = i.order_id
    where o.id = ${orderId} and o.buyer_id = ${buyerId} and o.paid_at is not null ${skuIds?.length ? sql`and i.sku_id = any(${pgArray(skuIds)}::uuid[])` : sql``}
    group by i.sku_id order by min(i.id::text)`);
  if (!items.length) throw new NotFound('order');
  const facts = await skuFacts(ctx.db, items.map((i) => i.skuId), 'store');
  const onSale = items.filter((i) => facts.get(i.skuId)?.onSale);
  await inTransaction(ctx, async (tx) => {
    for (const i of onSale) await writeCartLine({ ...ctx, db: tx }, buyerId, { skuId: i.skuId, quantity: Math.min(i.quantity, MAX_LINE_QUANTITY), mode: 'set' });
  });
  return { cart: await viewCart(ctx, buyerId), added: onSale.map((i) => i.skuId), unavailable: items.filter((i) => !facts.get(i.skuId)?.onSale).map((i) => i.skuId) };
}

export async function removeCartLine(ctx: Ctx, buyerId: string, skuId: string) {
  await ctx.db.delete(cartLines).where(and(eq(cartLines.buyerId, buyerId), eq(cartLines.skuId, skuId)));
  return viewCart(ctx, buyerId);
}
