// Checkout: one order per store, one combined payment, stock taken with a guarded update — all in one statement
// (atomic on its own: no transaction round trips), which also claims the Idempotency-Key (keeping the payment id: a
// retry is answered again from the orders).
import { randomUUID } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import { pgArray, queryPrepared, queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { claimKeyLastSql, keySeenSql, keyUsed, storedAnswer, type Answer, type RequestKey } from '../../kernel/idempotency.ts';
import { Conflict, Invalid } from '../../kernel/errors.ts';
import { PreparedProblem } from '../../kernel/problem.ts';
import { throughPass } from '../../kernel/units-gate.ts';
import {
  catalogChangedHere, explainShortfall, freightCtes, quoteFreight, skuFacts, soldOutCtes, sortLines, stockFlowsSql, takeStockSql, type Channel, type OrderLine,
  SoldOutSkus,
} from '../catalog/index.ts';
import { commissionBpSql, storeNameSql, storeNames } from '../merchants/index.ts';
import { checkViaLines, hasVia, miniSiteIdOf, uuidArray, type ViaLine } from '../minisite/index.ts';
import type { PricedLine } from '../pricing/index.ts';
import { shippingAddress } from './addresses.ts';
import { markOrdersPaid } from './lifecycle.ts';
import { priceForCheckout, pricingFacts, type StoreChoice } from './pricing.ts';
import { batchedCheckout } from './batched-checkout.ts';
import { batchedAcrossSkus } from './batched-skus.ts';
import { guardsMembership, priceOrReplay, pricingShape, sendStatement, statementAnswerSql, type Pricing, type StatementRow } from './one-statement.ts';
import { spendCtes, spendRefused, spentCheck, type Spend } from './spend.ts';
import { addMinutes } from './rules.ts';
import { cartLines, type ItemState, type OrderState, type RefundState, type ShippingAddress } from './schema.ts';
import type { OrderSummary } from './views.ts';

export type CheckoutInput = {
  lines?: (OrderLine & { mediaId?: string; miniSiteId?: string })[];
  /** The mini-site the buyer came through (every line then does); cart lines keep the one they were added through. */
  miniSiteAppId?: string;
  addressId?: string;
  address?: ShippingAddress;
  channel?: Channel;
  note?: string;
  /** What the buyer saw; when the prices moved since, the checkout is refused with the new total. */
  expectedTotal?: number;
  /**
   * The buyer's coupons and points per store order (the cart's choice). A store order not named gets member pricing
   * only: no coupon or point is spent that the buyer did not choose.
   */
  discounts?: StoreChoice[];
};

export const MAX_CHECKOUT_LINES = 100;

export type CheckoutAnswer = { paymentId: string; amount: number; currency: string; payDeadline: string; orders: Omit<OrderSummary, 'actions'>[] };

/**
 * Orders the lines (or the cart). Answers the stored answer when the Idempotency-Key was already used for this
 * request; a new checkout's answer comes as JSON text, ready to send.
 */
export async function checkout(ctx: Ctx, buyerId: string, input: CheckoutInput, k: RequestKey | null, soldOut: SoldOutSkus): Promise<({ replayed: true } & Answer<CheckoutAnswer>) | { replayed: false; json: string }> {
  const channel = input.channel ?? (input.miniSiteAppId ? 'mini_site' : 'store');
  const site = input.miniSiteAppId ? await miniSiteIdOf(ctx.db, input.miniSiteAppId) : null;
  const given = input.lines ?? (await ctx.db.select({ skuId: cartLines.skuId, quantity: cartLines.quantity, miniSiteId: cartLines.miniSiteId, mediaId: cartLines.customMediaId }).from(cartLines).where(eq(cartLines.buyerId, buyerId)));
  const lines = sortLines(mergeLines(site ? given.map((l) => ({ ...l, miniSiteId: site })) : given));
  if (!lines.length) throw new Invalid('cart_empty', 'There is nothing to order: add products to the cart first.');
  if (lines.length > MAX_CHECKOUT_LINES) throw new Invalid('too_many_lines', `One checkout takes at most ${MAX_CHECKOUT_LINES} different products.`);
  // A line known sold out is refused at once, before any statement on the SKU's row (a retry of a key already
  // answered is replayed): the losers of a flash sale need not queue behind its winners.
  const known = await soldOut.refusal(lines);
  if (known && !(k && (await keyUsed(ctx.db, k)))) throw known;
  // Then its turn on the SKU: a buyer whose units are all being taken by checkouts under way is answered now, not
  // after them (a retry of a key already answered is replayed).
  const turn = await soldOut.turn(lines);
  if (turn instanceof PreparedProblem) {
    if (k && (await keyUsed(ctx.db, k))) return replay(ctx, k);
    throw turn;
  }
  return throughPass(turn, async () => {
    const placed = await place(ctx, buyerId, input, k, soldOut, lines, site, channel);
    return { value: placed.answer, left: placed.left };
  }, SoldOutSkus.stockIn);
}

/** The checkout once it may go: priced when the buyer chose discounts, then the statement; `left`: the stock it left (one line). */
async function place(ctx: Ctx, buyerId: string, input: CheckoutInput, k: RequestKey | null, soldOut: SoldOutSkus, lines: ViaLine[], site: string | null, channel: Channel): Promise<{ answer: Awaited<ReturnType<typeof checkout>>; left?: number }> {
  const now = ctx.clock.now();
  if (hasVia(lines)) await checkViaLines(ctx.db, buyerId, lines);
  const address = await shippingAddress(ctx.db, buyerId, input);
  const discounts = input.discounts ?? [];
  const order: Order = {
    now, channel, lines, address, buyerId, note: input.note ?? null, expectedTotal: input.expectedTotal ?? null,
    payDeadline: addMinutes(now, ctx.config.paymentTimeoutMinutes), priced: undefined,
  };
  // Member pricing, coupons and points: priced here, taken by the statement. A buyer who chose nothing is sent the
  // plain statement at once: it takes nothing and answers 'member' when the buyer is a member of one of the order's
  // stores (then the order is priced and sent again), so a buyer who is no member pays one round trip.
  const price = async () => {
    const r = await priceOrReplay(ctx.db, k, () => priceCheckout(ctx.db, buyerId, now, channel, lines, discounts), () => replay(ctx, k!));
    if ('replayed' in r) return r.replayed;
    order.priced = r.priced;
    return null;
  };
  if (chose(discounts)) {
    const replayed = await price();
    if (replayed) return { answer: replayed };
  }
  // Asked again after the reads above (a crowd waits for pooled connections): the SKU may be known empty by now.
  const late = await soldOut.refusal(lines);
  if (late && !(k && (await keyUsed(ctx.db, k)))) throw late;
  const sent = await sendStatement({
    // The shapes of the statement (one or several lines, with or without a key, via a mini-site, priced or not
    // looking for membership), each prepared once per connection.
    run: () => {
      const single = async () => {
        const name = `trio_checkout_${lines.length > 1 ? 'n' : '1'}${k ? '_key' : ''}${hasVia(lines) ? '_via' : ''}${pricingShape(order.priced)}`;
        return (await queryPrepared<StatementRow>(ctx.db, name, checkoutSql(order, k)))[0];
      };
      if (lines.length > 1) return single();
      const line = { ...order, ...lines[0] };
      // A priced checkout of one line (coupons, points, member price) goes with the others of any SKU made in the same turn.
      if (order.priced !== undefined && !hasVia(lines)) return batchedAcrossSkus(ctx.db, line, k, single);
      // Another of one line goes with the others of its SKU that come together (when plain: not priced yet, no
      // mini-site), or else with those of other SKUs.
      const plain = !hasVia(lines) && order.priced === undefined;
      return batchedCheckout(ctx.db, line, k, single, plain, plain ? () => batchedAcrossSkus(ctx.db, line, k, single) : undefined);
    },
    guarded: () => guardsMembership(order.priced),
    price,
    replay: () => replay(ctx, k!),
    refused: (reason) => soldOut.explained(() => whyRefused(ctx.db, order, reason)),
  });
  if ('replayed' in sent) return { answer: sent.replayed };
  const row = sent.row;
  if (row.bumped) catalogChangedHere();
  // Nothing could be taken (the usual refusal: sold out): nothing was written, no need to abort the statement.
  if (row.answer === 'refused') await soldOut.explained(() => whyRefused(ctx.db, order));
  if (row.answer === null) return { answer: await replay(ctx, k!) };
  const left = row.left ?? undefined;
  if (order.priced) {
    const answer = JSON.parse(row.answer) as CheckoutAnswer;
    if (answer.amount === 0) return { answer: { replayed: false, json: JSON.stringify(await paidByDiscounts(ctx, answer)) }, left };
  }
  return { answer: { replayed: false, json: row.answer }, left };
}

/**
 * Coupons and points paid everything: there is nothing to pay (the statement made no payment), the orders are paid
 * at once, as a payment would have marked them (nothing to do when they were already: a replay, or the sweep). The
 * answer shows the orders as they are now.
 */
async function paidByDiscounts(ctx: Ctx, answer: CheckoutAnswer): Promise<CheckoutAnswer> {
  await inTransaction(ctx, (tx) => markOrdersPaid(tx, { paymentId: answer.paymentId, amount: 0, paidAt: ctx.clock.now() }));
  const ids = pgArray(answer.orders.map((o) => o.id));
  const [ords, items] = await Promise.all([
    queryRows<{ id: string; state: OrderState; paidAt: string | null }>(ctx.db, sql`
      select id, state, to_char(paid_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "paidAt" from orders where id = any(${ids}::uuid[])`),
    queryRows<{ id: string; state: ItemState; refundState: RefundState; refundedAmount: number | string }>(ctx.db, sql`
      select id, state, refund_state as "refundState", refunded_amount as "refundedAmount" from order_items where order_id = any(${ids}::uuid[])`),
  ]);
  const o = new Map(ords.map((x) => [x.id, x]));
  const i = new Map(items.map((x) => [x.id, x]));
  return {
    ...answer,
    orders: answer.orders.map((a) => ({
      ...a, state: o.get(a.id)!.state, paidAt: o.get(a.id)!.paidAt,
      items: a.items.map((b) => ({ ...b, state: i.get(b.id)!.state, refundState: i.get(b.id)!.refundState, refundedAmount: Number(i.get(b.id)!.refundedAmount) })),
    })),
  };
}


/** The stored answer of a checkout already made; one the discounts paid whole shows its orders as they are now (paid). */
async function replay(ctx: Ctx, k: RequestKey): Promise<{ replayed: true } & Answer<CheckoutAnswer>> {
  const a = await storedAnswer<CheckoutAnswer | { paymentId: string; orders?: undefined }>(ctx.db, k);
  // Keys of checkouts made before answers were kept by reference hold the whole answer.
  const body = a.body.orders ? a.body : await storedCheckout(ctx.db, a.body.paymentId);
  return { status: a.status, body: body.amount === 0 ? await paidByDiscounts(ctx, body) : body, replayed: true };
}

type Order = {
  now: Date; channel: Channel; lines: ViaLine[]; address: ShippingAddress; buyerId: string; note: string | null;
  expectedTotal: number | null; payDeadline: Date;
  /** Not priced yet: the plain statement looks for the buyer's membership in the order's stores, and takes nothing when found. */
  priced: Pricing<Priced>;
};

/** What the priced statement takes: per line (in `lines` order) the price it was priced at and its breakdown; the coupons; the points per store. */
export type Priced = Spend & { lines: PricedLine[] };

/** Whether the buyer chose a coupon or points anywhere. */
export const chose = (discounts: StoreChoice[]) => discounts.some((d) => d.storeCouponId || Object.keys(d.productCoupons ?? {}).length || d.points);

/**
 * Prices every store order with the buyer's choice (pricing.ts). Null when nothing is discounted (the plain
 * statement serves). Refused choices are their own 409/422 before anything is taken.
 */
export async function priceCheckout(db: Db, buyerId: string, now: Date, channel: Channel, lines: ViaLine[], discounts: StoreChoice[]): Promise<Priced | null> {
  const chosenCoupons = discounts.flatMap((d) => [...(d.storeCouponId ? [d.storeCouponId] : []), ...Object.values(d.productCoupons ?? {})]);
  const { skus: facts, stores } = await pricingFacts(db, buyerId, now, channel, lines, chosenCoupons);
  if (facts.size < new Set(lines.map((l) => l.skuId)).size) return null; // the statement refuses, whyRefused says which SKU is missing
  for (const d of discounts) if (!stores.has(d.storeId)) throw new Invalid('discount_store_unknown', 'A discount names a store with nothing in this order.', { storeId: d.storeId });
  const byLine = new Map<string, PricedLine>();
  const couponIds: string[] = [];
  const points: Priced['points'] = [];
  for (const [storeId, f] of stores) {
    const b = priceForCheckout(f, discounts.find((d) => d.storeId === storeId));
    for (const l of b.lines) byLine.set(l.skuId, l);
    couponIds.push(...(b.storeCouponId ? [b.storeCouponId] : []), ...b.productCouponIds);
    if (b.totals.pointsSpent > 0) points.push({ storeId, points: b.totals.pointsSpent });
  }
  const priced = lines.map((l) => byLine.get(l.skuId)!);
  if (!couponIds.length && !points.length && priced.every((l) => l.paid === l.listAmount)) return null;
  return { lines: priced, couponIds, points };
}

/**
 * The whole checkout as one statement: nothing when the key was used already (replayed); else lock the SKUs in id
 * order (several lines), take the stock, then — only when every line was taken in one currency at the expected
 * total — the payment, orders, items, outbox, the bought cart lines dropped, and last the key claimed
 * (keeping the payment id: storedCheckout answers again from the orders). Otherwise nothing is written: when no line
 * could be taken it answers 'refused'; when only some were, or a concurrent duplicate claimed the key first (it
 * waited for that one to commit; its answer is replayed), it aborts itself (trio_refuse).
 */
function checkoutSql(o: Order, k: RequestKey | null) {
  const paymentId = randomUUID();
  const now = o.now.toISOString();
  const deadline = o.payDeadline.toISOString();
  const ids = pgArray(o.lines.map((l) => l.skuId));
  const p = o.priced;
  const guarded = guardsMembership(p);
  const go = k && guarded ? sql`not (select seen from seen) and not (select member from mem)` : k ? sql`not (select seen from seen)` : guarded ? sql`not (select member from mem)` : sql`true`;
  const lock = o.lines.length > 1 ? sql`locked as (select id from skus where id = any(${ids}::uuid[]) and ${go} order by id for update),` : sql``;
  const guard = o.lines.length > 1 ? sql`(select count(*) from locked) >= 0 and ${go}` : go;
  const ok = sql`(select ok from ok)`;
  // Lines through a mini-site (and their customisation files): a store order comes through the mini-site of its lines.
  const via = hasVia(o.lines);
  const viaCte = via ? sql`via as (select * from unnest(${ids}::uuid[], ${uuidArray(o.lines.map((l) => l.miniSiteId))}::uuid[], ${uuidArray(o.lines.map((l) => l.mediaId))}::uuid[]) as v(sku_id, mini_site_id, media_id)),` : sql``;
  const ordSite = via ? sql`(array_agg(v.mini_site_id order by t.id) filter (where v.mini_site_id is not null))[1]` : sql`null::uuid`;
  const channel = sql`case when ord.mini_site_id is null then ${o.channel} else 'mini_site' end`;
  // A member of one of the order's stores gets member pricing: the plain statement takes nothing for them.
  const mem = guarded ? sql`mem as (select exists (select 1 from skus s join members m on m.store_id = s.store_id and m.buyer_id = ${o.buyerId} where s.id = any(${ids}::uuid[])) as member),` : sql``;
  return sql`
    with seen as (select ${k ? keySeenSql(k) : sql`false`} as seen),
    ${mem}
    ${lock}
    ${viaCte}
    ${p ? pricedCte(ids, p) : sql``}
    taken as (${takeStockSql(o.now, o.channel, o.lines, guard)}),
    flows as (${stockFlowsSql(o.now, 'checkout')}),
    ${soldOutCtes(o.now)},
    t as (
      select taken.*, taken.price * taken.quantity as amount, ${commissionBpSql(sql`taken.category_id`)} as commission_bp,
        ${storeNameSql(sql`taken.store_id`)} as store_name${p ? sql`, pr.*` : sql``}
      from taken${p ? sql` join pr on pr.sku_id = taken.id` : sql``}),
    ${freightCtes(sql`t`, o.address.region)},
    ord as (
      select gen_random_uuid() as id, t.store_id, min(store_name) as store_name, sum(amount)::bigint as items_total, coalesce(min(f.fee), 0)::bigint as fee,
        ${p ? sql`sum(t.discount)::bigint as discount, (sum(amount) - sum(t.discount) + coalesce(min(f.fee), 0))::bigint as total,` : sql`(sum(amount) + coalesce(min(f.fee), 0))::bigint as total,`} (array_agg(t.id order by t.id))[1] as first_sku, ${ordSite} as mini_site_id
      from t left join fr_store f on f.store_id = t.store_id ${via ? sql`left join via v on v.sku_id = t.id` : sql``} group by t.store_id),
    itm as (select gen_random_uuid() as item_id, t.*, ord.id as order_id, ${via ? sql`(select media_id from via where via.sku_id = t.id)` : sql`null::uuid`} as media_id from t join ord using (store_id)),
    tot as (
      select count(*)::int as n, count(distinct currency)::int as currencies, min(currency) as currency,
        (coalesce(sum(amount${p ? sql` - discount` : sql``}), 0) + (select coalesce(sum(fee), 0) from fr_store))::bigint as amount, (array_agg(title order by id))[1] as first_title
      from t),
    ok as (
      select n = ${o.lines.length} and currencies = 1 and (${o.expectedTotal}::bigint is null or amount = ${o.expectedTotal}::bigint)
        and not exists (select 1 from fr_store where undelivered)${p ? sql` and not exists (select 1 from t where t.price <> t.priced_at)` : sql``} as ok
      from tot),
    ${p ? spendCtes({ now: o.now, buyerId: o.buyerId, owner: 'order' }, p, ok) : sql``}
    pay as (
      insert into payments (id, purpose, payer_id, store_id, amount, currency, description, state, expires_at, created_at, updated_at)
      select ${paymentId}, 'orders', ${o.buyerId}, null, amount, currency,
        left(first_title || case when n > 1 then ' +' || (n - 1) else '' end, 100), 'awaiting', ${deadline}, ${now}, ${now}
      from tot where ${ok}${p ? sql` and amount > 0` : sql``}),
    o as (
      insert into orders (id, store_id, buyer_id, payment_id, state, channel, mini_site_id, currency, items_total, discount, shipping_fee, total, address, note, created_at, pay_deadline, updated_at)
      select ord.id, ord.store_id, ${o.buyerId}, ${paymentId}, 'awaiting_payment', ${channel}, ord.mini_site_id, tot.currency, ord.items_total, ${p ? sql`ord.discount` : sql`0`}, ord.fee, ord.total,
        ${JSON.stringify(o.address)}::jsonb, ${o.note}, ${now}, ${deadline}, ${now}
      from ord, tot where ${ok}),
    i as (
      insert into order_items (id, order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id, unit_price, quantity, amount, discount, commission_bp, state, custom_media_id${p ? sql`,
        member_unit_price, member_discount, product_coupon_discount, store_coupon_discount, points_discount, points_spent, product_coupon_id` : sql``})
      select item_id, order_id, store_id, product_id, id, category_id, title, attrs, image_id::uuid, price, quantity, amount, ${p ? sql`discount` : sql`0`}, commission_bp, 'awaiting_payment', media_id${p ? sql`,
        member_unit_price, member_discount, product_coupon_discount, store_coupon_discount, points_discount, points_spent, product_coupon_id` : sql``}
      from itm where ${ok}),
    m as (
      insert into outbox (store_id, topic, payload, created_at, next_attempt_at)
      select ord.store_id, 'order.created', jsonb_build_object('orderId', ord.id, 'storeId', ord.store_id, 'total', ord.total, 'currency', tot.currency), ${now}, ${now}
      from ord, tot where ${ok}),
    c as (delete from cart_lines where buyer_id = ${o.buyerId} and sku_id = any(${ids}::uuid[]) and ${ok}),
    ans as (${answerSql(paymentId, { channel, createdAt: sql`${now}::text`, payDeadline: sql`${deadline}::text`, priced: !!p })}),
    claim as (${k ? claimKeyLastSql(k, o.now, sql`jsonb_build_object('paymentId', ${paymentId}::text)`, ok) : sql`select 1 as ok`})
    select ${statementAnswerSql({ guarded, ok, refusal: 'checkout_refused', spent: p ? spentCheck(p) : sql``, body: sql`(select body from ans)::text` })} as answer,
      (select count(*) from catalog_notified)::int as bumped, (select min(stock) from taken)::int as left`;
}

/**
 * The checkout's answer (jsonb `body`) from `ord` (a store order: id, store_id, store_name, items_total, discount,
 * fee, total, first_sku), `itm` (its items: item_id, order_id, product_id, id (the SKU), title, attrs, image_id,
 * price, quantity, amount, discount) and `tot` (amount, currency): the statement's new orders, or (storedCheckout)
 * the orders it made, as they were made.
 */
function answerSql(paymentId: string, a: { channel: SQL; createdAt: SQL; payDeadline: SQL; priced: boolean }) {
  const discount = (t: string) => (a.priced ? sql.raw(`${t}.discount`) : sql`0`);
  return sql`select jsonb_build_object('paymentId', ${paymentId}::text, 'amount', tot.amount, 'currency', tot.currency, 'payDeadline', ${a.payDeadline},
        'orders', (select jsonb_agg(jsonb_build_object(
          'id', ord.id, 'storeId', ord.store_id, 'storeName', ord.store_name, 'state', 'awaiting_payment', 'channel', ${a.channel}::text,
          'currency', tot.currency, 'itemsTotal', ord.items_total, 'discount', ${discount('ord')}, 'shippingFee', ord.fee, 'total', ord.total, 'paymentId', ${paymentId}::text,
          'createdAt', ${a.createdAt}, 'payDeadline', ${a.payDeadline}, 'paidAt', null,
          'items', (select jsonb_agg(jsonb_build_object(
            'id', itm.item_id, 'productId', itm.product_id, 'skuId', itm.id, 'title', itm.title, 'attrs', itm.attrs, 'imageId', itm.image_id,
            'unitPrice', itm.price, 'quantity', itm.quantity, 'amount', itm.amount, 'discount', ${discount('itm')}, 'state', 'awaiting_payment', 'refundState', 'none', 'refundedAmount', 0
          ) order by itm.id) from itm where itm.order_id = ord.id)
        ) order by ord.first_sku) from ord)) as body
      from tot`;
}

/**
 * The answer a checkout gave, made again from the orders it made (its Idempotency-Key keeps only the payment id:
 * the answer is most of an order's WAL otherwise). As it was answered: awaiting payment, at the prices and times
 * of the checkout; the stores' names as they are now.
 */
export async function storedCheckout(db: Db, paymentId: string): Promise<CheckoutAnswer> {
  const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const [row] = await queryRows<{ body: CheckoutAnswer }>(db, sql`
    with ord as (
      select o.id, o.store_id, ${storeNameSql(sql`o.store_id`)} as store_name, o.items_total, o.discount, o.shipping_fee as fee, o.total, o.channel, o.created_at, o.pay_deadline, o.currency,
        (select (array_agg(i.sku_id order by i.sku_id))[1] from order_items i where i.order_id = o.id) as first_sku
      from orders o where o.payment_id = ${paymentId}),
    itm as (
      select i.id as item_id, i.order_id, i.product_id, i.sku_id as id, i.title, i.attrs, i.image_id, i.unit_price as price, i.quantity, i.amount, i.discount
      from order_items i where i.order_id in (select id from ord)),
    tot as (select sum(total)::bigint as amount, min(currency) as currency, min(pay_deadline) as pay_deadline from ord)
    ${answerSql(paymentId, { channel: sql`ord.channel`, createdAt: iso('ord.created_at'), payDeadline: iso('tot.pay_deadline'), priced: true })}`);
  return row.body;
}

/** The priced lines, in the order of `ids`: the price each was priced at and its breakdown (t joins it). */
function pricedCte(ids: string, p: Priced) {
  const col = (f: (l: PricedLine) => number) => pgArray(p.lines.map(f));
  return sql`pr0 as (
      select * from unnest(${ids}::uuid[], ${col((l) => l.unitPrice)}::bigint[], ${col((l) => l.listAmount - l.paid)}::bigint[], ${col((l) => (l.memberBy === 'list' ? -1 : l.memberUnitPrice))}::bigint[],
        ${col((l) => l.listAmount - l.memberAmount)}::bigint[], ${col((l) => l.productCouponDiscount)}::bigint[], ${col((l) => l.storeCouponDiscount)}::bigint[],
        ${col((l) => l.pointsDiscount)}::bigint[], ${col((l) => l.pointsSpent)}::bigint[], ${uuidArray(p.lines.map((l) => l.productCouponId))}::uuid[])
        as x(sku_id, priced_at, discount, member_unit, member_discount, product_coupon_discount, store_coupon_discount, points_discount, points_spent, product_coupon_id)),
    pr as (select sku_id, priced_at, discount, nullif(member_unit, -1) as member_unit_price, member_discount, product_coupon_discount, store_coupon_discount,
        points_discount, points_spent, product_coupon_id from pr0),`;
}

/**
 * Says why a checkout was refused, as its own 4xx: a coupon or points gone meanwhile first, then stock, currencies,
 * delivery, then the price (a price moved since the buyer's choice was priced, or the expected total).
 */
async function whyRefused(db: Db, o: Order, reason?: string): Promise<never> {
  const gone = spendRefused(reason);
  if (gone) throw gone;
  await explainShortfall(db, o.channel, o.lines, new Set());
  const facts = await skuFacts(db, o.lines.map((l) => l.skuId), o.channel);
  const prices = o.lines.map((l) => ({ ...facts.get(l.skuId)!, quantity: l.quantity }));
  if (new Set(prices.map((p) => p.currency)).size > 1) throw new Invalid('currency_mixed', 'Products priced in different currencies are ordered separately.');
  const fees = await quoteFreight(db, o.lines, o.address.region);
  const undelivered = [...fees].filter(([, q]) => q.undeliveredProductIds.length);
  if (undelivered.length) {
    const names = await storeNames(db, undelivered.map(([storeId]) => storeId));
    const stores = undelivered.map(([storeId, q]) => ({ storeId, storeName: names.get(storeId) ?? '', productIds: q.undeliveredProductIds }));
    throw new Invalid('region_not_delivered', `${stores.map((s) => s.storeName).join(', ')} does not deliver to ${o.address.region}: remove its products or choose another address.`, { region: o.address.region, stores });
  }
  if (o.priced?.lines.some((l, i) => prices[i].price !== l.unitPrice)) {
    throw new Conflict('price_changed', 'Prices changed since you looked: review the new total and confirm again.');
  }
  const discount = o.priced?.lines.reduce((s, l) => s + l.listAmount - l.paid, 0) ?? 0;
  const amount = prices.reduce((s, p) => s + p.price * p.quantity, 0) - discount + [...fees.values()].reduce((s, q) => s + q.fee, 0);
  if (o.expectedTotal !== null && o.expectedTotal !== amount) {
    throw new Conflict('price_changed', 'Prices changed since you looked: review the new total and confirm again.', { total: amount });
  }
  throw new Conflict('concurrent_update', 'Stock changed while you ordered: try again.');
}

/** One line per SKU (quantities added; the first mini-site and file named for it kept). */
function mergeLines(lines: ViaLine[]): ViaLine[] {
  const m = new Map<string, ViaLine>();
  for (const l of lines) {
    const had = m.get(l.skuId);
    m.set(l.skuId, { skuId: l.skuId, quantity: (had?.quantity ?? 0) + l.quantity, miniSiteId: had?.miniSiteId ?? l.miniSiteId ?? null, mediaId: had?.mediaId ?? l.mediaId ?? null });
  }
  return [...m.values()];
}
