// The order that delivers one claimed unit of a gift: born paid (the giver paid, or the store gives it), shipped to
// the claimant's address with the greeting card to print. A store's free gift costs the recipient nothing: its
// items total shows the store's cost and the discount takes all of it. A gift ships free (shipping_fee 0): the giver
// pays before the recipient's address is known, so no freight template can price it; the store bears the carriage.
// A giver's member price, coupons and points: each unit's order carries its share of them as its discount, computed
// by the statement from the unit's number (so a claim stays one statement whatever the discount).
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { outboxInsertSelectSql } from '../../kernel/outbox.ts';
import type { Channel } from '../catalog/index.ts';
import { commissionBpSql } from '../merchants/index.ts';
import type { GiftCard } from '../gifts/schema.ts';
import { itemMachine, orderMachine } from './rules.ts';
import type { ShippingAddress } from './schema.ts';

export type GiftOrderInput = {
  giftId: string; storeId: string; claimantId: string; paymentId: string | null; channel: Channel; shopId: string | null; miniSiteId?: string | null;
  address: ShippingAddress; card: GiftCard; skuId: string; quantity: number; unitPrice: number; currency: string; free: boolean;
  /** The giver's member price, coupons and points taken off the whole gift (`discount`) and its `units`: each unit's order takes its share. */
  giftDiscount: { discount: number; units: number };
  /** The card's name as the statement reads it (gifts/decoration.ts cardNameSql), in place of `card.cardName`. */
  cardName?: SQL;
};

/**
 * Writes the order of unit number `unitNo` (1 for the first unit claimed). Answers its total; the caller adds it to
 * the store's paid GMV (when it suits its locking).
 */
export async function createGiftOrder(tx: Db, now: Date, input: GiftOrderInput, unitNo: number): Promise<{ id: string; total: number }> {
  const id = randomUUID();
  const [row] = await queryRows<{ total: number | string }>(tx, sql`with ${giftOrderCtes(now, input, id, sql`${unitNo}::int`, sql`true`)} select total from gift_share`);
  return { id, total: Number(row.total) };
}

/**
 * SQL: unit number `unitNo`'s share of a gift's discount `d` over its `units`: d*c/U - d*(c-1)/U in integer division
 * (rounded down on the running total, as proportionalBack), so the units' shares sum exactly to the discount and the
 * refund of the units nobody claimed (gifts/lifecycle.ts) takes the rest.
 */
export const unitDiscountSql = (d: number, units: number, unitNo: SQL) =>
  sql`(${d}::bigint * ${unitNo} / ${units}::bigint - ${d}::bigint * (${unitNo} - 1) / ${units}::bigint)`;

/**
 * The gift order `id` of unit number `unitNo` (an SQL expression: the claim's statement reads it from the unit it
 * took) as CTEs of one statement, written only when `when` holds: `gift_share` (the order's amount, discount and
 * total: nothing to pay for a store's free gift, else the unit's share of the giver's discount off), the order born
 * paid, its item (the SKU's facts read by the statement), its timeline (created, paid) and the order.paid message.
 */
export function giftOrderCtes(now: Date, input: GiftOrderInput, id: string, unitNo: SQL, when: SQL) {
  const at = now.toISOString();
  const amount = input.unitPrice * input.quantity;
  const card = input.cardName
    ? sql`jsonb_set(${JSON.stringify(input.card)}::jsonb, '{cardName}', coalesce(to_jsonb(${input.cardName}), 'null'::jsonb))`
    : sql`${JSON.stringify(input.card)}::jsonb`;
  const discount = input.free ? sql`${amount}::bigint` : unitDiscountSql(input.giftDiscount.discount, input.giftDiscount.units, unitNo);
  return sql`gift_share as (select a.amount, a.discount, a.amount - a.discount as total from (select ${amount}::bigint as amount, ${discount} as discount) a),
    gift_order as (
      insert into orders (id, store_id, buyer_id, payment_id, state, channel, currency, items_total, discount, total, address, created_at, pay_deadline,
        paid_at, gift_id, gift_card, shop_id, mini_site_id, updated_at)
      select ${id}, ${input.storeId}, ${input.claimantId}, ${input.paymentId}, ${orderMachine.transition('awaiting_payment', 'pay')}, ${input.channel}, ${input.currency},
        gs.amount, gs.discount, gs.total, ${JSON.stringify(input.address)}::jsonb, ${at}, ${at}, ${at}, ${input.giftId}, ${card},
        ${input.shopId}, ${input.miniSiteId ?? null}, ${at}
      from gift_share gs where ${when}),
    gift_order_item as (
      insert into order_items (order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id, unit_price, quantity, amount, discount, commission_bp, state)
      select ${id}, ${input.storeId}, s.product_id, s.id, p.category_id, p.title, s.attrs, (p.image_ids->>0)::uuid, ${input.unitPrice}, ${input.quantity}, gs.amount,
        gs.discount, ${commissionBpSql(sql`p.category_id`)}, ${itemMachine.transition('awaiting_payment', 'pay')}
      from skus s join products p on p.id = s.product_id, gift_share gs where s.id = ${input.skuId} and ${when}),
    gift_order_events as (
      insert into order_events (order_id, store_id, event, actor_role, actor_id, detail, at)
      select ${id}, ${input.storeId}, e.event, e.actor_role, e.actor_id, e.detail, ${at}
      from gift_share gs, lateral (values ('created', 'buyer', ${input.claimantId}::uuid, jsonb_build_object('giftId', ${input.giftId}::text)),
        ('paid', 'system', null::uuid, jsonb_build_object('giftId', ${input.giftId}::text, 'amount', gs.total))) as e(event, actor_role, actor_id, detail)
      where ${when}),
    gift_order_paid as (${outboxInsertSelectSql(now, sql`select ${input.storeId}::uuid as store_id, 'order.paid' as topic,
      jsonb_build_object('orderId', ${id}::text, 'storeId', ${input.storeId}::text, 'total', gs.total, 'currency', ${input.currency}::text, 'giftId', ${input.giftId}::text) as payload
      from gift_share gs where ${when}`)})`;
}

/** What the orders of several claims of one gift share (each claim's own: who, where to, the card's receiver). */
export type GiftOrdersInput = Omit<GiftOrderInput, 'claimantId' | 'address' | 'card'> & { cardName: SQL };

/**
 * The orders of several claims of one gift in one statement (gifts/batched-claims.ts): the rows giftOrderCtes writes
 * for one order (change one, change the other), one set per row of `wins`, a CTE with columns order_id, claimant_id,
 * address (jsonb), card (jsonb, its cardName filled here) and unit_no. CTEs: `gift_shares` (each order's amount,
 * discount and total, with the columns of `wins`), the orders born paid, their items, timelines and order.paid
 * messages.
 */
export function giftOrdersCtes(now: Date, input: GiftOrdersInput, wins: string) {
  const at = now.toISOString();
  const amount = input.unitPrice * input.quantity;
  const discount = input.free ? sql`${amount}::bigint` : unitDiscountSql(input.giftDiscount.discount, input.giftDiscount.units, sql`w.unit_no`);
  return sql`gift_shares as (
      select w.*, ${amount}::bigint as amount, ${discount} as discount, ${amount}::bigint - ${discount} as total from ${sql.raw(wins)} w),
    gift_card_name as (select ${input.cardName} as name),
    gift_orders as (
      insert into orders (id, store_id, buyer_id, payment_id, state, channel, currency, items_total, discount, total, address, created_at, pay_deadline,
        paid_at, gift_id, gift_card, shop_id, mini_site_id, updated_at)
      select gs.order_id, ${input.storeId}, gs.claimant_id, ${input.paymentId}, ${orderMachine.transition('awaiting_payment', 'pay')}, ${input.channel}, ${input.currency},
        gs.amount, gs.discount, gs.total, gs.address, ${at}, ${at}, ${at}, ${input.giftId},
        jsonb_set(gs.card, '{cardName}', coalesce(to_jsonb((select name from gift_card_name)), 'null'::jsonb)), ${input.shopId}, ${input.miniSiteId ?? null}, ${at}
      from gift_shares gs),
    gift_order_items as (
      insert into order_items (order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id, unit_price, quantity, amount, discount, commission_bp, state)
      select gs.order_id, ${input.storeId}, s.product_id, s.id, p.category_id, p.title, s.attrs, (p.image_ids->>0)::uuid, ${input.unitPrice}, ${input.quantity}, gs.amount,
        gs.discount, ${commissionBpSql(sql`p.category_id`)}, ${itemMachine.transition('awaiting_payment', 'pay')}
      from skus s join products p on p.id = s.product_id, gift_shares gs where s.id = ${input.skuId}),
    gift_orders_events as (
      insert into order_events (order_id, store_id, event, actor_role, actor_id, detail, at)
      select gs.order_id, ${input.storeId}, e.event, e.actor_role, e.actor_id, e.detail, ${at}
      from gift_shares gs, lateral (values ('created', 'buyer', gs.claimant_id, jsonb_build_object('giftId', ${input.giftId}::text)),
        ('paid', 'system', null::uuid, jsonb_build_object('giftId', ${input.giftId}::text, 'amount', gs.total))) as e(event, actor_role, actor_id, detail)),
    gift_orders_paid as (${outboxInsertSelectSql(now, sql`select ${input.storeId}::uuid as store_id, 'order.paid' as topic,
      jsonb_build_object('orderId', gs.order_id::text, 'storeId', ${input.storeId}::text, 'total', gs.total, 'currency', ${input.currency}::text, 'giftId', ${input.giftId}::text) as payload
      from gift_shares gs`)})`;
}
