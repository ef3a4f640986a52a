// Prices the store orders of a cart or a checkout for the buyer (M6): the facts from the catalog, the buyer's
// membership and held coupons, then the pure stacking rule (pricing/rules.ts) and the best combination
// (pricing/best-choice.ts). No writes: the checkout statement takes what a choice spends.
import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { pgArray, queryPrepared, type Db } from '../../db/client.ts';
import { BatchedLookup } from '../../kernel/batched-lookup.ts';
import { AppError, Conflict, Invalid } from '../../kernel/errors.ts';
import { skuFactsSql, toSkuFacts, type Channel, type SkuFacts, type SkuFactsRow } from '../catalog/index.ts';
import { toUsableCoupon, usableCoupons, usableCouponsSql, type UsableCoupon, type UsableCouponRow } from '../coupons/index.ts';
import { memberPricing, memberPricingSql, toMemberPricing, type MemberPricing, type MemberPricingRow } from '../membership/index.ts';
import { bestChoice, NO_CHOICE, priceStoreOrder, type BestChoice, type Breakdown, type PricingChoice, type PricingInput, type PricingRefusal } from '../pricing/index.ts';

/** What the buyer picks for one store order: at most one store coupon, a product coupon per SKU, points to spend. */
export type StoreChoice = { storeId: string; storeCouponId: string | null; productCoupons: Record<string, string>; points: number };

/** A line to price: the SKU's current list and member price (catalog skuFacts). */
export type PricingLine = { skuId: string; productId: string; storeId: string; unitPrice: number; memberPrice: number | null; quantity: number };

export type StoreFacts = { storeId: string; input: PricingInput; coupons: UsableCoupon[]; member: MemberPricing | null };

/** Each store order's pricing input: its lines (the SKU id is the item key), the buyer's level, usable coupons and points. */
export async function storeFacts(db: Db, buyerId: string, now: Date, lines: PricingLine[]): Promise<Map<string, StoreFacts>> {
  const storeIds = [...new Set(lines.map((l) => l.storeId))];
  const [members, coupons] = await Promise.all([memberPricing(db, buyerId, storeIds, now), usableCoupons(db, buyerId, storeIds, now)]);
  return byStore(lines, members, coupons);
}

function byStore(lines: PricingLine[], members: Map<string, MemberPricing>, coupons: UsableCoupon[]): Map<string, StoreFacts> {
  const out = new Map<string, StoreFacts>();
  for (const storeId of new Set(lines.map((l) => l.storeId))) {
    const member = members.get(storeId) ?? null;
    const mine = coupons.filter((c) => c.storeId === storeId);
    out.set(storeId, {
      storeId, member, coupons: mine,
      input: {
        items: lines.filter((l) => l.storeId === storeId).map((l) => ({ key: l.skuId, skuId: l.skuId, productId: l.productId, unitPrice: l.unitPrice, memberPrice: l.memberPrice, quantity: l.quantity })),
        member: member ? { priceBp: member.priceBp } : null, coupons: mine, points: member?.points ?? null, shippingFee: 0,
      },
    });
  }
  return out;
}

/** What pricing reads in one statement: the SKUs' facts, the buyer's memberships and usable coupons in their stores. */
type FactsRow = { skus: SkuFactsRow[]; members: MemberPricingRow[]; coupons: UsableCouponRow[] };

/**
 * The SKUs' facts and, for the stores they belong to, the buyer's membership and usable coupons: what pricing needs,
 * read in one prepared statement (one round trip, where skuFacts then storeFacts take two and three queries).
 * `stores` prices the lines whose SKU exists. `chosen`: only these coupons are read (a checkout prices the buyer's
 * choice, which names every coupon it uses; the cart reads them all to find the best). A checkout's read (chosen, on
 * the pool) is made together with the other checkouts' asked in the same turn of the event loop (pricingReads).
 */
export async function pricingFacts(db: Db, buyerId: string, now: Date, channel: Channel, lines: { skuId: string; quantity: number }[], chosen?: string[]): Promise<{ skus: Map<string, SkuFacts>; stores: Map<string, StoreFacts> }> {
  const row = chosen && !(db instanceof PgTransaction)
    ? await pricingReads(db).ask({ buyerId, now: now.toISOString(), channel, skuIds: lines.map((l) => l.skuId), chosen })
    : await factsOfOne(db, buyerId, now, channel, lines, chosen);
  const skus = new Map(row.skus.map((r) => [r.skuId, toSkuFacts(r)]));
  const known = lines.filter((l) => skus.has(l.skuId)).map((l) => {
    const f = skus.get(l.skuId)!;
    return { skuId: l.skuId, productId: f.productId, storeId: f.storeId, unitPrice: f.price, memberPrice: f.memberPrice, quantity: l.quantity };
  });
  return { skus, stores: byStore(known, new Map(row.members.map((r) => [r.storeId, toMemberPricing(r)])), row.coupons.map(toUsableCoupon)) };
}

async function factsOfOne(db: Db, buyerId: string, now: Date, channel: Channel, lines: { skuId: string }[], chosen?: string[]): Promise<FactsRow> {
  const stores = sql`array(select distinct "storeId" from sk)`;
  const only = chosen ? sql`${pgArray(chosen)}::uuid[]` : undefined;
  const [row] = await queryPrepared<FactsRow>(db, `trio_pricing_facts${chosen ? '_chosen' : ''}`, sql`
    with sk as (${skuFactsSql(sql`${pgArray(lines.map((l) => l.skuId))}::uuid[]`, channel)})
    select (select coalesce(json_agg(sk), '[]') from sk) as skus,
      (select coalesce(json_agg(m), '[]') from (${memberPricingSql(buyerId, stores, now)}) m) as members,
      (select coalesce(json_agg(c), '[]') from (${usableCouponsSql(buyerId, stores, now, only)}) c) as coupons`);
  return row;
}

/** One checkout's pricing read: its buyer, time (ISO), channel, SKUs and chosen coupons. */
type FactsAsk = { buyerId: string; now: string; channel: Channel; skuIds: string[]; chosen: string[] };

/**
 * The checkouts' pricing reads of one turn of the event loop, made by one statement per channel: a crowd of coupon
 * checkouts sends one read for many instead of one each (each read is a round trip and a statement's fixed cost in
 * PostgreSQL, as much as its work). Each checkout's facts are read as its own read would read them (its buyer, its
 * time, its SKUs and coupons), in the statement's one snapshot; the checkout statement still guards what it takes.
 */
class PricingReads {
  private lookups: BatchedLookup<FactsRow>;
  /** Statements sent so far (a test sees the reads of one turn share one). */
  statements = 0;
  constructor(private db: Db) {
    this.lookups = new BatchedLookup((keys) => this.read(keys.map((k) => JSON.parse(k) as FactsAsk)), 200);
  }

  async ask(a: FactsAsk): Promise<FactsRow> {
    const row = await this.lookups.get(JSON.stringify(a));
    if (!row) throw new Error('pricing facts were not read');
    return row;
  }

  private async read(asks: FactsAsk[]): Promise<Map<string, FactsRow>> {
    const out = new Map<string, FactsRow>();
    for (const channel of new Set(asks.map((a) => a.channel))) {
      const mine = asks.filter((a) => a.channel === channel);
      this.statements++;
      const rows = await queryPrepared<FactsRow & { i: number }>(this.db, 'trio_pricing_facts_many', factsOfMany(mine, channel));
      for (const r of rows) out.set(JSON.stringify(mine[r.i]), { skus: r.skus, members: r.members, coupons: r.coupons });
    }
    return out;
  }
}

/** Per ask (its index i, from 0): factsOfOne's read, each with its own buyer, time, SKUs and chosen coupons. */
function factsOfMany(asks: FactsAsk[], channel: Channel) {
  const lines = asks.flatMap((a, i) => a.skuIds.map((id) => ({ i, id })));
  const chosen = asks.flatMap((a, i) => a.chosen.map((id) => ({ i, id })));
  const stores = sql`f.stores`;
  return sql`
    with ln as (select * from unnest(${pgArray(lines.map((l) => l.i))}::int[], ${pgArray(lines.map((l) => l.id))}::uuid[]) as l(i, sku_id)),
    ch as (select * from unnest(${pgArray(chosen.map((c) => c.i))}::int[], ${pgArray(chosen.map((c) => c.id))}::uuid[]) as c(i, id))
    select r.i, f.skus,
      (select coalesce(json_agg(m), '[]') from (${memberPricingSql(sql`r.buyer_id`, stores, sql`r.now`)}) m) as members,
      (select coalesce(json_agg(c), '[]') from (${usableCouponsSql(sql`r.buyer_id`, stores, sql`r.now`, sql`array(select id from ch where ch.i = r.i)`)}) c) as coupons
    from unnest(${pgArray(asks.map((_, i) => i))}::int[], ${pgArray(asks.map((a) => a.buyerId))}::uuid[], ${pgArray(asks.map((a) => a.now))}::timestamptz[]) as r(i, buyer_id, now)
      cross join lateral (
        select coalesce(json_agg(sk), '[]') as skus, coalesce(array_agg(distinct sk."storeId"), '{}') as stores
        from (${skuFactsSql(sql`array(select sku_id from ln where ln.i = r.i)`, channel)}) sk) f`;
}

const readers = new WeakMap<Db, PricingReads>();
export const pricingReads = (db: Db) => {
  let r = readers.get(db);
  if (!r) readers.set(db, (r = new PricingReads(db)));
  return r;
};

export const toPricingChoice = (c: StoreChoice | undefined): PricingChoice =>
  c ? { storeCoupon: c.storeCouponId, productCoupons: c.productCoupons ?? {}, points: c.points } : NO_CHOICE;
export const toStoreChoice = (storeId: string, c: PricingChoice): StoreChoice => ({ storeId, storeCouponId: c.storeCoupon, productCoupons: c.productCoupons, points: c.points });

export type PricedStore = StoreFacts & { best: BestChoice; choice: StoreChoice; breakdown: Breakdown; refused: { code: string; couponId?: string } | null };

/**
 * The cart's view of a store order: the best choice for the buyer, and the buyer's own choice when given (priced,
 * or refused with its problem code: then the best choice is shown).
 */
export function priceForCart(f: StoreFacts, given: StoreChoice | undefined): PricedStore {
  const best = bestChoice(f.input);
  if (!given) return { ...f, best, choice: toStoreChoice(f.storeId, best.choice), breakdown: best.breakdown, refused: null };
  const priced = priceStoreOrder(f.input, toPricingChoice(given));
  if (priced.ok) return { ...f, best, choice: given, breakdown: priced.breakdown, refused: null };
  return { ...f, best, choice: toStoreChoice(f.storeId, best.choice), breakdown: best.breakdown, refused: { code: pricingProblem(priced.reason).code, couponId: priced.couponId } };
}

/** A store order priced for checkout with the buyer's choice (none: member pricing only); refused: its problem. */
export function priceForCheckout(f: StoreFacts, given: StoreChoice | undefined): Breakdown {
  const priced = priceStoreOrder(f.input, toPricingChoice(given));
  if (!priced.ok) throw pricingProblem(priced.reason, { storeId: f.storeId, couponId: priced.couponId, skuId: priced.itemKey });
  return priced.breakdown;
}

/** The problem a refused choice is answered with: 409 when something is gone meanwhile, 422 when the choice breaks a rule. */
export function pricingProblem(reason: PricingRefusal, extra: Record<string, unknown> = {}): AppError {
  switch (reason) {
    case 'coupon_not_held': return new Conflict('coupon_unavailable', 'This coupon cannot be used now: it was used, expired or is not yours.', extra);
    case 'points_over_balance': return new Conflict('points_insufficient', 'You do not have that many valid points now.', extra);
    case 'coupon_threshold_not_met': return new Invalid('coupon_threshold_not_met', 'The order does not reach the amount this coupon needs.', extra);
    case 'coupon_wrong_scope': return new Invalid('coupon_wrong_scope', 'A store coupon goes on the store order, a product coupon on its products.', extra);
    case 'coupon_not_for_item': return new Invalid('coupon_not_for_item', 'This coupon is not for that product.', extra);
    case 'points_unavailable': return new Invalid('points_unavailable', 'Points can be used only by members of this store.', extra);
    case 'points_not_whole': return new Invalid('points_not_whole', 'Spend points in whole steps of what one fen costs.', extra);
    case 'points_over_share': return new Invalid('points_over_share', 'Points may pay only part of this order: spend fewer.', extra);
    case 'item_unknown': return new Invalid('discount_item_unknown', 'A discount names a product that is not in this order.', extra);
    default: return new Invalid('points_invalid', 'Points to spend are a whole number from 0.', extra);
  }
}
