// The order that delivers one claimed unit of a gift: born paid (the giver paid, or the store gives it), shipped to
// the claimant's address with the greeting card to print. A store's free gift costs the recipient nothing: its
// items total shows the store's cost and the discount takes all of it. A gift ships free (shipping_fee 0): the giver
// pays before the recipient's address is known, so no freight template can price it; the store bears the carriage.
// A giver's member price, coupons and points: each unit's order carries its share of them as its discount.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { enqueue } from '../../kernel/outbox.ts';
import type { Channel } from '../catalog/index.ts';
import { commissionBpSql } from '../merchants/index.ts';
import { proportionalBack } from '../pricing/index.ts';
import type { GiftCard } from '../gifts/schema.ts';
import { itemMachine, orderMachine } from './rules.ts';
import { orderEvents, orderItems, orders, type ShippingAddress } from './schema.ts';

export type GiftOrderInput = {
  giftId: string; storeId: string; claimantId: string; paymentId: string | null; channel: Channel; shopId: string | null; miniSiteId?: string | null;
  address: ShippingAddress; card: GiftCard; skuId: string; quantity: number; unitPrice: number; currency: string; free: boolean;
};

/** Writes the order; the caller adds its total to the store's paid GMV (when it suits its locking). */
export async function createGiftOrder(tx: Db, now: Date, input: GiftOrderInput): Promise<{ id: string; total: number }> {
  const [sku] = await queryRows<{
    productId: string; attrs: Record<string, string>; title: string; categoryId: number; imageId: string | null; commissionBp: number;
    giftDiscount: number | string; units: number; unitsClaimed: number;
  }>(tx, sql`
    select s.product_id as "productId", s.attrs, p.title, p.category_id as "categoryId", p.image_ids->>0 as "imageId", ${commissionBpSql(sql`p.category_id`)} as "commissionBp",
      g.discount as "giftDiscount", g.units, g.units_claimed as "unitsClaimed"
    from skus s join products p on p.id = s.product_id, gifts g where s.id = ${input.skuId} and g.id = ${input.giftId}`);
  const id = randomUUID();
  const amount = input.unitPrice * input.quantity;
  // The giver's member price, coupons and points: this unit's share of the gift's discount (the claim counted it
  // already: it is unit number units_claimed), rounded down on the running total so the units' shares sum exactly.
  const discount = input.free ? amount : proportionalBack(Number(sku.giftDiscount), sku.units, sku.unitsClaimed - 1, 1);
  const total = amount - discount;
  await tx.insert(orders).values({
    id, storeId: input.storeId, buyerId: input.claimantId, paymentId: input.paymentId, state: orderMachine.transition('awaiting_payment', 'pay'),
    channel: input.channel, currency: input.currency, itemsTotal: amount, discount, total, address: input.address, createdAt: now, payDeadline: now,
    paidAt: now, giftId: input.giftId, giftCard: input.card, shopId: input.shopId, miniSiteId: input.miniSiteId ?? null, updatedAt: now,
  });
  await tx.insert(orderItems).values({
    orderId: id, storeId: input.storeId, productId: sku.productId, skuId: input.skuId, categoryId: sku.categoryId, title: sku.title, attrs: sku.attrs,
    imageId: sku.imageId, unitPrice: input.unitPrice, quantity: input.quantity, amount, discount, commissionBp: Number(sku.commissionBp),
    state: itemMachine.transition('awaiting_payment', 'pay'),
  });
  const detail = { giftId: input.giftId, amount: total };
  await tx.insert(orderEvents).values([
    { orderId: id, storeId: input.storeId, event: 'created', actorRole: 'buyer', actorId: input.claimantId, detail: { giftId: input.giftId }, at: now },
    { orderId: id, storeId: input.storeId, event: 'paid', actorRole: 'system', actorId: null, detail, at: now },
  ]);
  await enqueue(tx, now, [{ storeId: input.storeId, topic: 'order.paid', payload: { orderId: id, storeId: input.storeId, total, currency: input.currency, giftId: input.giftId } }]);
  return { id, total };
}
