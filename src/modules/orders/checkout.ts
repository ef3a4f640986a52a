// Checkout: one order per store, one combined payment, stock taken with a guarded update — all in one statement
// (atomic on its own: no transaction round trips), which also claims the Idempotency-Key and stores its answer.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { pgArray, queryPrepared, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { claimKeyLastSql, keySeenSql, storedAnswer, type Answer, type RequestKey } from '../../kernel/idempotency.ts';
import { Conflict, Invalid } from '../../kernel/errors.ts';
import {
  catalogChangedHere, explainShortfall, freightCtes, quoteFreight, skuFacts, soldOutCtes, sortLines, stockFlowsSql, takeStockSql, type Channel, type OrderLine,
} from '../catalog/index.ts';
import { commissionBpSql, storeNameSql, storeNames } from '../merchants/index.ts';
import { checkViaLines, hasVia, miniSiteIdOf, uuidArray, type ViaLine } from '../minisite/index.ts';
import { shippingAddress } from './addresses.ts';
import { addMinutes } from './rules.ts';
import { cartLines, type ShippingAddress } from './schema.ts';
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
};

export const MAX_CHECKOUT_LINES = 100;

export type CheckoutAnswer = { paymentId: string; amount: number; currency: string; payDeadline: string; orders: Omit<OrderSummary, 'actions'>[] };

/**
 * Orders the lines (or the cart). Answers the stored answer when the Idempotency-Key was already used for this
 * request; a new checkout's answer comes as JSON text, ready to send.
 */
export async function checkout(ctx: Ctx, buyerId: string, input: CheckoutInput, k: RequestKey | null): Promise<({ replayed: true } & Answer<CheckoutAnswer>) | { replayed: false; json: string }> {
  const now = ctx.clock.now();
  const channel = input.channel ?? (input.miniSiteAppId ? 'mini_site' : 'store');
  const site = input.miniSiteAppId ? await miniSiteIdOf(ctx.db, input.miniSiteAppId) : null;
  const given = input.lines ?? (await ctx.db.select({ skuId: cartLines.skuId, quantity: cartLines.quantity, miniSiteId: cartLines.miniSiteId, mediaId: cartLines.customMediaId }).from(cartLines).where(eq(cartLines.buyerId, buyerId)));
  const lines = sortLines(mergeLines(site ? given.map((l) => ({ ...l, miniSiteId: site })) : given));
  if (!lines.length) throw new Invalid('cart_empty', 'There is nothing to order: add products to the cart first.');
  if (lines.length > MAX_CHECKOUT_LINES) throw new Invalid('too_many_lines', `One checkout takes at most ${MAX_CHECKOUT_LINES} different products.`);
  if (hasVia(lines)) await checkViaLines(ctx.db, buyerId, lines);
  const address = await shippingAddress(ctx.db, buyerId, input);
  const order = { now, channel, lines, address, buyerId, note: input.note ?? null, expectedTotal: input.expectedTotal ?? null, payDeadline: addMinutes(now, ctx.config.paymentTimeoutMinutes) };
  let row: { answer: string | null; bumped: number } | undefined;
  try {
    // Four shapes of the statement (one or several lines, with or without a key), each prepared once per connection.
    const name = `trio_checkout_${lines.length > 1 ? 'n' : '1'}${k ? '_key' : ''}${hasVia(lines) ? '_via' : ''}`;
    [row] = await queryPrepared<{ answer: string | null; bumped: number }>(ctx.db, name, checkoutSql(order, k));
  } catch (err) {
    const reason = refusal(err);
    if (reason === 'idempotency_key_taken') return { ...(await storedAnswer<CheckoutAnswer>(ctx.db, k!)), replayed: true };
    if (reason) await whyRefused(ctx.db, order);
    throw err;
  }
  if (row.bumped) catalogChangedHere();
  // Nothing could be taken (the usual refusal: sold out): nothing was written, no need to abort the statement.
  if (row.answer === 'refused') await whyRefused(ctx.db, order);
  if (row.answer === null) return { ...(await storedAnswer<CheckoutAnswer>(ctx.db, k!)), replayed: true };
  return { replayed: false, json: row.answer };
}

type Order = {
  now: Date; channel: Channel; lines: ViaLine[]; address: ShippingAddress; buyerId: string; note: string | null;
  expectedTotal: number | null; payDeadline: Date;
};

/**
 * The whole checkout as one statement: nothing when the key was used already (replayed); else lock the SKUs in id
 * order (several lines), take the stock, then — only when every line was taken in one currency at the expected
 * total — the payment, orders, items, timeline, outbox, the bought cart lines dropped, and last the key claimed
 * with the answer. Otherwise nothing is written: when no line could be taken it answers 'refused'; when only some
 * were, or a concurrent duplicate claimed the key first (it waited for that one to commit; its answer is replayed),
 * it aborts itself (trio_refuse).
 */
function checkoutSql(o: Order, k: RequestKey | null) {
  const paymentId = randomUUID();
  const now = o.now.toISOString();
  const deadline = o.payDeadline.toISOString();
  const ids = pgArray(o.lines.map((l) => l.skuId));
  const go = k ? sql`not (select seen from seen)` : sql`true`;
  const lock = o.lines.length > 1 ? sql`locked as (select id from skus where id = any(${ids}::uuid[]) and ${go} order by id for update),` : sql``;
  const guard = o.lines.length > 1 ? sql`(select count(*) from locked) >= 0 and ${go}` : go;
  const ok = sql`(select ok from ok)`;
  // Lines through a mini-site (and their customisation files): a store order comes through the mini-site of its lines.
  const via = hasVia(o.lines);
  const viaCte = via ? sql`via as (select * from unnest(${ids}::uuid[], ${uuidArray(o.lines.map((l) => l.miniSiteId))}::uuid[], ${uuidArray(o.lines.map((l) => l.mediaId))}::uuid[]) as v(sku_id, mini_site_id, media_id)),` : sql``;
  const ordSite = via ? sql`(array_agg(v.mini_site_id order by t.id) filter (where v.mini_site_id is not null))[1]` : sql`null::uuid`;
  const channel = sql`case when ord.mini_site_id is null then ${o.channel} else 'mini_site' end`;
  return sql`
    with seen as (select ${k ? keySeenSql(k) : sql`false`} as seen),
    ${lock}
    ${viaCte}
    taken as (${takeStockSql(o.now, o.channel, o.lines, guard)}),
    flows as (${stockFlowsSql(o.now, 'checkout')}),
    ${soldOutCtes(o.now)},
    t as (
      select taken.*, taken.price * taken.quantity as amount, ${commissionBpSql(sql`taken.category_id`)} as commission_bp,
        ${storeNameSql(sql`taken.store_id`)} as store_name
      from taken),
    ${freightCtes(sql`t`, o.address.region)},
    ord as (
      select gen_random_uuid() as id, t.store_id, min(store_name) as store_name, sum(amount)::bigint as items_total, coalesce(min(f.fee), 0)::bigint as fee,
        (sum(amount) + coalesce(min(f.fee), 0))::bigint as total, (array_agg(t.id order by t.id))[1] as first_sku, ${ordSite} as mini_site_id
      from t left join fr_store f on f.store_id = t.store_id ${via ? sql`left join via v on v.sku_id = t.id` : sql``} group by t.store_id),
    itm as (select gen_random_uuid() as item_id, t.*, ord.id as order_id, ${via ? sql`(select media_id from via where via.sku_id = t.id)` : sql`null::uuid`} as media_id from t join ord using (store_id)),
    tot as (
      select count(*)::int as n, count(distinct currency)::int as currencies, min(currency) as currency,
        (coalesce(sum(amount), 0) + (select coalesce(sum(fee), 0) from fr_store))::bigint as amount, (array_agg(title order by id))[1] as first_title
      from t),
    ok as (
      select n = ${o.lines.length} and currencies = 1 and (${o.expectedTotal}::bigint is null or amount = ${o.expectedTotal}::bigint)
        and not exists (select 1 from fr_store where undelivered) as ok
      from tot),
    pay as (
      insert into payments (id, purpose, payer_id, store_id, amount, currency, description, state, expires_at, created_at, updated_at)
      select ${paymentId}, 'orders', ${o.buyerId}, null, amount, currency,
        left(first_title || case when n > 1 then ' +' || (n - 1) else '' end, 100), 'awaiting', ${deadline}, ${now}, ${now}
      from tot where ${ok}),
    o as (
      insert into orders (id, store_id, buyer_id, payment_id, state, channel, mini_site_id, currency, items_total, discount, shipping_fee, total, address, note, created_at, pay_deadline, updated_at)
      select ord.id, ord.store_id, ${o.buyerId}, ${paymentId}, 'awaiting_payment', ${channel}, ord.mini_site_id, tot.currency, ord.items_total, 0, ord.fee, ord.total,
        ${JSON.stringify(o.address)}::jsonb, ${o.note}, ${now}, ${deadline}, ${now}
      from ord, tot where ${ok}),
    i as (
      insert into order_items (id, order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id, unit_price, quantity, amount, discount, commission_bp, state, custom_media_id)
      select item_id, order_id, store_id, product_id, id, category_id, title, attrs, image_id::uuid, price, quantity, amount, 0, commission_bp, 'awaiting_payment', media_id
      from itm where ${ok}),
    e as (
      insert into order_events (order_id, store_id, event, actor_role, actor_id, at)
      select id, store_id, 'created', 'buyer', ${o.buyerId}, ${now} from ord where ${ok}),
    m as (
      insert into outbox (store_id, topic, payload, created_at, next_attempt_at)
      select ord.store_id, 'order.created', jsonb_build_object('orderId', ord.id, 'storeId', ord.store_id, 'total', ord.total, 'currency', tot.currency), ${now}, ${now}
      from ord, tot where ${ok}),
    c as (delete from cart_lines where buyer_id = ${o.buyerId} and sku_id = any(${ids}::uuid[]) and ${ok}),
    ans as (
      select jsonb_build_object('paymentId', ${paymentId}::text, 'amount', tot.amount, 'currency', tot.currency, 'payDeadline', ${deadline}::text,
        'orders', (select jsonb_agg(jsonb_build_object(
          'id', ord.id, 'storeId', ord.store_id, 'storeName', ord.store_name, 'state', 'awaiting_payment', 'channel', ${channel}::text,
          'currency', tot.currency, 'itemsTotal', ord.items_total, 'discount', 0, 'shippingFee', ord.fee, 'total', ord.total, 'paymentId', ${paymentId}::text,
          'createdAt', ${now}::text, 'payDeadline', ${deadline}::text, 'paidAt', null,
          'items', (select jsonb_agg(jsonb_build_object(
            'id', itm.item_id, 'productId', itm.product_id, 'skuId', itm.id, 'title', itm.title, 'attrs', itm.attrs, 'imageId', itm.image_id,
            'unitPrice', itm.price, 'quantity', itm.quantity, 'amount', itm.amount, 'discount', 0, 'state', 'awaiting_payment', 'refundState', 'none', 'refundedAmount', 0
          ) order by itm.id) from itm where itm.order_id = ord.id)
        ) order by ord.first_sku) from ord)) as body
      from tot),
    claim as (${k ? claimKeyLastSql(k, o.now, sql`(select body from ans)`, ok) : sql`select 1 as ok`})
    select case when not ${go} then null
      when not ${ok} and not exists (select 1 from taken) then 'refused'
      when not ${ok} then trio_refuse('checkout_refused')
      when not exists (select 1 from claim) then trio_refuse('idempotency_key_taken')
      else (select body from ans)::text end as answer,
      (select count(*) from catalog_notified)::int as bumped`;
}

/** Why the statement refused itself (trio_refuse), or null for another error. Drizzle may wrap the driver's error. */
function refusal(err: unknown): string | null {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const pgErr = e?.code === 'T0001' ? e : e?.cause?.code === 'T0001' ? e.cause : null;
  return pgErr ? (pgErr.message ?? '') : null;
}

/** Says why a checkout was refused, as its own 4xx: stock first, then currencies, then delivery, then the expected total. */
async function whyRefused(db: Db, o: Order): Promise<never> {
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
  const amount = prices.reduce((s, p) => s + p.price * p.quantity, 0) + [...fees.values()].reduce((s, q) => s + q.fee, 0);
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
