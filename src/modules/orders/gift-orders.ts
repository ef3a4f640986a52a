// The order that delivers one claimed unit of a gift: born paid (the giver paid, or the store gives it), shipped to
// the claimant's address with the greeting card to print. A store's free gift costs the recipient nothing: its
// items total shows the store's cost and the discount takes all of it. A gift ships free (shipping_fee 0): the giver
// pays before the recipient's address is known, so no freight template can price it; the store bears the carriage.
// A giver's member price, coupons and points: each unit's order carries its share of them as its discount.
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outboxInsertSelectSql } from '../../kernel/outbox.ts';
import type { Channel } from '../catalog/index.ts';
import { commissionBpSql } from '../merchants/index.ts';
import type { GiftCard } from '../gifts/schema.ts';
import { proportionalBack } from '../pricing/index.ts';
import { itemMachine, orderMachine } from './rules.ts';
import type { ShippingAddress } from './schema.ts';

export type GiftOrderInput = {
  giftId: string; storeId: string; claimantId: string; paymentId: string | null; channel: Channel; shopId: string | null; miniSiteId?: string | null;
  address: ShippingAddress; card: GiftCard; skuId: string; quantity: number; unitPrice: number; currency: string; free: boolean;
  /** This unit's share of the giver's member price, coupons and points (giftUnitDiscount), in minor units. */
  discount?: number;
};

/** Writes the order; the caller adds its total to the store's paid GMV (when it suits its locking). */
export async function createGiftOrder(tx: Db, now: Date, input: GiftOrderInput): Promise<{ id: string; total: number }> {
  const id = randomUUID();
  await tx.execute(sql`with ${giftOrderCtes(now, input, id, sql`true`)} select 1`);
  return { id, total: giftOrderTotal(input) };
}

/**
 * What the claimant's order costs: nothing for a store's free gift (the discount takes all), else the unit price less
 * this unit's share of the giver's member price, coupons and points (`discount`, see giftUnitDiscount).
 */
export const giftOrderTotal = (input: GiftOrderInput) => (input.free ? 0 : input.unitPrice * input.quantity - (input.discount ?? 0));

/**
 * Unit number `unitsClaimed`'s share of a gift's discount: rounded down on the running total, so the units' shares sum
 * exactly to the discount.
 */
export const giftUnitDiscount = (giftDiscount: number, units: number, unitsClaimed: number) => proportionalBack(giftDiscount, units, unitsClaimed - 1, 1);

/**
 * The gift order `id` as CTEs of one statement, written only when `when` holds: the order born paid, its item (the
 * SKU's facts read by the statement), its timeline (created, paid) and the order.paid message.
 */
export function giftOrderCtes(now: Date, input: GiftOrderInput, id: string, when: SQL) {
  const at = now.toISOString();
  const amount = input.unitPrice * input.quantity;
  const total = giftOrderTotal(input);
  const discount = amount - total;
  const paid = { orderId: id, storeId: input.storeId, total, currency: input.currency, giftId: input.giftId };
  return sql`gift_order as (
      insert into orders (id, store_id, buyer_id, payment_id, state, channel, currency, items_total, discount, total, address, created_at, pay_deadline,
        paid_at, gift_id, gift_card, shop_id, mini_site_id, updated_at)
      select ${id}, ${input.storeId}, ${input.claimantId}, ${input.paymentId}, ${orderMachine.transition('awaiting_payment', 'pay')}, ${input.channel}, ${input.currency},
        ${amount}, ${discount}, ${total}, ${JSON.stringify(input.address)}::jsonb, ${at}, ${at}, ${at}, ${input.giftId}, ${JSON.stringify(input.card)}::jsonb,
        ${input.shopId}, ${input.miniSiteId ?? null}, ${at}
      where ${when}),
    gift_order_item as (
      insert into order_items (order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id, unit_price, quantity, amount, discount, commission_bp, state)
      select ${id}, ${input.storeId}, s.product_id, s.id, p.category_id, p.title, s.attrs, (p.image_ids->>0)::uuid, ${input.unitPrice}, ${input.quantity}, ${amount},
        ${discount}, ${commissionBpSql(sql`p.category_id`)}, ${itemMachine.transition('awaiting_payment', 'pay')}
      from skus s join products p on p.id = s.product_id where s.id = ${input.skuId} and ${when}),
    gift_order_events as (
      insert into order_events (order_id, store_id, event, actor_role, actor_id, detail, at)
      select ${id}, ${input.storeId}, e.event, e.actor_role, e.actor_id, e.detail, ${at}
      from (values ('created', 'buyer', ${input.claimantId}::uuid, ${JSON.stringify({ giftId: input.giftId })}::jsonb),
        ('paid', 'system', null::uuid, ${JSON.stringify({ giftId: input.giftId, amount: total })}::jsonb)) as e(event, actor_role, actor_id, detail)
      where ${when}),
    gift_order_paid as (${outboxInsertSelectSql(now, sql`select ${input.storeId}::uuid as store_id, 'order.paid' as topic, ${JSON.stringify(paid)}::jsonb as payload where ${when}`)})`;
}
