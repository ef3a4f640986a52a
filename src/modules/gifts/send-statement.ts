// A buyer's gift sent as one statement, like checkout (orders/checkout.ts): no transaction, nothing read first. The
// SKU's stock is taken with a guarded update that holds only when the product may be a gift and the card, stickers,
// shop and mini-site fit it; then the payment (purpose gift), the gift row, the giver's coupons and points, and last
// the Idempotency-Key claimed with the answer. The refusals' reasons are read afterwards (gifts/send.ts).
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { pgArray } from '../../db/client.ts';
import { claimKeyLastSql, keySeenSql, type RequestKey } from '../../kernel/idempotency.ts';
import { soldOutCtes, stockFlowsSql, takeStockSql, type Channel } from '../catalog/index.ts';
import { guardsMembership, pricingShape, spendCtes, spentCheck, statementAnswerSql, type Priced, type Pricing } from '../orders/index.ts';
import { DEFAULT_DECORATION } from './decoration.ts';
import { categoryExcludedSql } from './eligibility.ts';
import { giftMachine } from './rules.ts';
import { CARD_LANGUAGES, GIFT_STATE_CODES, type CardLanguage, type GiftKind, type PlacedSticker } from './schema.ts';

/** Everything the statement writes that Node decides (ids, times, the card, the channel, the price it was priced at). */
export type GiftSend = {
  id: string; now: Date; giverId: string; giverName: string; skuId: string; kind: GiftKind; units: number; unitQuantity: number;
  message: string; receiverName: string | null; cardId: string | null; stickers: PlacedSticker[]; cardLanguage: CardLanguage | null;
  /** The gift's channel, and the channel whose stock it takes (a shop's counter sells what the store sells). */
  channel: Channel; stockChannel: Channel; shopId: string | null; via: string | null;
  joinDeadline: Date | null; payDeadline: Date; expiresAt: Date; tokenHash: string; sharePath: string | null; priceCap: number;
  /**
   * The giver's member price, coupons and points (null: list price); not priced yet, the plain statement looks for a
   * membership of the giver in the SKU's store, and takes nothing when found.
   */
  priced: Pricing<Priced>;
};

/** The priced line of a gift: its discount, and whether coupons and points pay all of it (then there is no payment). */
export function pricedLine(s: Pick<GiftSend, 'priced'>) {
  const line = s.priced?.lines[0] ?? null;
  return { line, discount: line ? line.listAmount - line.paid : 0, free: !!line && line.paid === 0 };
}

/** Each shape of the statement has its own prepared name (the values are parameters; the text changes with these). */
export function giftSendName(s: GiftSend, k: RequestKey | null) {
  return `trio_gift_send${k ? '_key' : ''}${pricingShape(s.priced)}${s.cardId ? '_card' : ''}${s.stickers.length ? '_stickers' : ''}${s.shopId ? '_shop' : ''}${s.via ? '_via' : ''}`;
}

/** SQL, inside the stock's guarded update (skus `s`, products `p`): the product may be a gift and the card, stickers, shop and mini-site fit it. */
function fitsSql(g: GiftSend) {
  const decoration = sql`coalesce((select d.decoration from gift_decorations d where d.product_id = p.id), ${JSON.stringify(DEFAULT_DECORATION)}::jsonb)`;
  const ids = [...new Set(g.stickers.map((x) => x.stickerId))].map((id) => ({ id }));
  return sql`p.gifting_enabled and not ${categoryExcludedSql(sql`p.category_id`)} and s.price <= ${g.priceCap}::bigint
    ${g.cardId ? sql`and ${decoration}->'cards' @> jsonb_build_array(jsonb_build_object('id', ${g.cardId}::text))` : sql``}
    ${ids.length ? sql`and ${decoration}->'stickers' @> ${JSON.stringify(ids)}::jsonb` : sql``}
    ${g.shopId ? sql`and exists (select 1 from gift_shops gs where gs.id = ${g.shopId}::uuid and gs.archived_at is null and gs.store_id = s.store_id
      and (coalesce(jsonb_typeof(gs.product_ids), 'null') = 'null' or gs.product_ids @> jsonb_build_array(p.id::text)))` : sql``}
    ${g.via ? sql`and exists (select 1 from mini_sites ms join mini_site_links l on l.mini_site_id = ms.id
      where ms.app_id = ${g.via}::text and l.store_id = s.store_id and l.state = 'linked')` : sql``}`;
}

/**
 * The send as one statement: nothing when the key was used already (replayed: answer null); for a giver who is a
 * member of the SKU's store and was not priced, nothing either ('member': price and send again); else the stock
 * (guarded), the flow, sold out when it was the last, and — when it was taken at the price priced — the payment
 * (none when coupons and points paid all of it), the gift, the coupons and points spent, and the key claimed with
 * the answer (JSON text). Nothing taken: 'refused'. Taken at another price, something to spend gone, or the key
 * claimed meanwhile by a concurrent duplicate: it aborts itself (trio_refuse) and writes nothing.
 */
export function giftSendSql(g: GiftSend, k: RequestKey | null): SQL {
  const { line, discount, free } = pricedLine(g);
  const guarded = guardsMembership(g.priced);
  const now = g.now.toISOString();
  const paymentId = free ? null : randomUUID();
  const state = free ? giftMachine.transition('awaiting_payment', 'pay') : 'awaiting_payment';
  const paidAt = free ? now : null;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const quantity = g.unitQuantity * g.units;
  const go = [...(k ? [sql`not (select seen from seen)`] : []), ...(guarded ? [sql`not (select member from mem)`] : [])];
  const guard = sql.join([...go, fitsSql(g)], sql` and `);
  const ok = sql`(select ok from ok)`;
  const miniSite = g.via ? sql`(select ms.id from mini_sites ms where ms.app_id = ${g.via}::text)` : sql`null::uuid`;
  return sql`
    with seen as (select ${k ? keySeenSql(k) : sql`false`} as seen),
    ${guarded ? sql`mem as (select exists (select 1 from skus s join members m on m.store_id = s.store_id and m.buyer_id = ${g.giverId}::uuid where s.id = ${g.skuId}::uuid) as member),` : sql``}
    taken as (${takeStockSql(g.now, g.stockChannel, [{ skuId: g.skuId, quantity }], guard)}),
    flows as (${stockFlowsSql(g.now, `gift ${g.id}`)}),
    ${soldOutCtes(g.now)},
    ok as (select count(*) = 1${line ? sql` and min(price) = ${line.unitPrice}::bigint` : sql``} as ok from taken),
    ${g.priced ? sql`ord as (select ${g.id}::uuid as id, store_id from taken), ${spendCtes({ now: g.now, buyerId: g.giverId, owner: 'gift' }, g.priced, ok)}` : sql``}
    t as (
      select taken.*, taken.price * ${quantity}::bigint - ${discount}::bigint as amount, ${miniSite} as mini_site_id,
        coalesce(${g.cardLanguage}::text, (select u.locale from users u where u.id = ${g.giverId}::uuid and u.locale = any(${pgArray(CARD_LANGUAGES)}::text[])), 'en') as card_language
      from taken),
    pay as (
      insert into payments (id, purpose, payer_id, store_id, amount, currency, description, state, expires_at, created_at, updated_at)
      select ${paymentId}::uuid, 'gift', ${g.giverId}::uuid, store_id, amount, currency, coalesce(nullif(left(btrim(title), 127), ''), 'Trio'), 'awaiting',
        ${iso(g.payDeadline)}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      from t where ${ok} and ${paymentId}::uuid is not null),
    gift as (
      insert into gifts (id, store_id, source, giver_id, giver_name, kind, product_id, sku_id, title, unit_price, currency, unit_quantity, units,
        message, receiver_name, card_id, card_language, stickers, channel, shop_id, mini_site_id, payment_id, discount, points_spent, token_hash, state,
        join_deadline, pay_deadline, paid_at, expires_at, created_at, updated_at)
      select ${g.id}::uuid, store_id, 'buyer', ${g.giverId}::uuid, ${g.giverName}::text, ${g.kind}::text, product_id, id, title, price, currency,
        ${g.unitQuantity}::int, ${g.units}::int, ${g.message}::text, ${g.receiverName}::text, ${g.cardId}::text, card_language, ${JSON.stringify(g.stickers)}::jsonb,
        ${g.channel}::text, ${g.shopId}::uuid, mini_site_id, ${paymentId}::uuid, ${discount}::bigint, ${line?.pointsSpent ?? 0}::bigint, ${g.tokenHash}::text,
        ${state}::text, ${iso(g.joinDeadline)}::timestamptz, ${iso(g.payDeadline)}::timestamptz, ${paidAt}::timestamptz, ${iso(g.expiresAt)}::timestamptz,
        ${now}::timestamptz, ${now}::timestamptz
      from t where ${ok}),
    ans as (
      select jsonb_build_object('gift', jsonb_build_object(
          'id', ${g.id}::text, 'state', ${state}::text, 'stateCode', ${GIFT_STATE_CODES[state]}::int, 'kind', ${g.kind}::text, 'source', 'buyer',
          'storeId', t.store_id, 'productId', t.product_id, 'title', t.title, 'imageId', t.image_id, 'skuId', t.id, 'attrs', t.attrs,
          'unitQuantity', ${g.unitQuantity}::int, 'units', ${g.units}::int, 'unitsClaimed', 0, 'unitsReturned', 0, 'unitPrice', t.price, 'amount', t.amount,
          'discount', ${discount}::bigint, 'pointsSpent', ${line?.pointsSpent ?? 0}::bigint, 'currency', t.currency, 'message', ${g.message}::text,
          'receiverName', ${g.receiverName}::text, 'cardId', ${g.cardId}::text, 'cardLanguage', t.card_language, 'stickers', ${JSON.stringify(g.stickers)}::jsonb,
          'channel', ${g.channel}::text, 'shopId', ${g.shopId}::text, 'paymentId', ${paymentId}::text, 'sharePath', ${g.sharePath}::text,
          'createdAt', ${now}::text, 'paidAt', ${paidAt}::text, 'expiresAt', ${iso(g.expiresAt)}::text, 'joinDeadline', ${iso(g.joinDeadline)}::text,
          'entries', 0, 'draw', null, 'claims', '[]'::jsonb),
        'paymentId', ${paymentId}::text, 'amount', t.amount, 'currency', t.currency, 'payDeadline', ${iso(g.payDeadline)}::text) as body
      from t),
    claim as (${k ? claimKeyLastSql(k, g.now, sql`(select body from ans)`, ok) : sql`select 1 as ok`})
    select ${statementAnswerSql({ guarded, ok, refusal: 'gift_refused', spent: g.priced ? spentCheck(g.priced) : sql``, body: sql`(select body from ans)::text` })} as answer,
      (select count(*) from catalog_notified)::int as bumped`;
}
