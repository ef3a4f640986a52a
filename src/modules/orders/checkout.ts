// Checkout: one order per store, one combined payment, stock taken with a guarded update, all in one transaction.
import { randomUUID } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import { pgArray, queryPrepared, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { Answer, IdempotencyKey } from '../../kernel/idempotency.ts';
import { Conflict, Invalid } from '../../kernel/errors.ts';
import { outboxInsertSql } from '../../kernel/outbox.ts';
import { takeStockForOrder, type Channel, type OrderLine, type TakenSku } from '../catalog/index.ts';
import { newPaymentSql } from '../payments/index.ts';
import { shippingAddress } from './addresses.ts';
import { addMinutes } from './rules.ts';
import { cartLines, type ShippingAddress } from './schema.ts';
import type { OrderSummary } from './views.ts';

export type CheckoutInput = {
  lines?: OrderLine[];
  addressId?: string;
  address?: ShippingAddress;
  channel?: Channel;
  note?: string;
  /** What the buyer saw; when the prices moved since, the checkout is refused with the new total. */
  expectedTotal?: number;
};

export const MAX_CHECKOUT_LINES = 100;

export async function checkout(ctx: Ctx, tx: Db, buyerId: string, input: CheckoutInput, key: IdempotencyKey): Promise<Answer<CheckoutAnswer>> {
  const now = ctx.clock.now();
  const channel = input.channel ?? 'store';
  const lines = mergeLines(input.lines ?? (await tx.select({ skuId: cartLines.skuId, quantity: cartLines.quantity }).from(cartLines).where(eq(cartLines.buyerId, buyerId))));
  if (!lines.length) throw new Invalid('cart_empty', 'There is nothing to order: add products to the cart first.');
  if (lines.length > MAX_CHECKOUT_LINES) throw new Invalid('too_many_lines', `One checkout takes at most ${MAX_CHECKOUT_LINES} different products.`);
  const address = await shippingAddress(tx, buyerId, input);
  const taken = await takeStockForOrder(tx, now, channel, lines, 'checkout');
  const currency = taken[0].currency;
  if (taken.some((t) => t.currency !== currency)) throw new Invalid('currency_mixed', 'Products priced in different currencies are ordered separately.');
  const amount = taken.reduce((s, t) => s + t.price * t.quantity, 0);
  if (input.expectedTotal !== undefined && input.expectedTotal !== amount) {
    throw new Conflict('price_changed', 'Prices changed since you looked: review the new total and confirm again.', { total: amount });
  }
  const payDeadline = addMinutes(now, ctx.config.paymentTimeoutMinutes);
  const byStore = new Map<string, TakenSku[]>();
  for (const t of taken) byStore.set(t.storeId, [...(byStore.get(t.storeId) ?? []), t]);
  const payment = newPaymentSql(now, {
    purpose: 'orders', payerId: buyerId, storeId: null, amount, currency, expiresAt: payDeadline,
    description: describe(taken),
  });
  const orders: OrderSummary[] = [...byStore].map(([storeId, items]) => {
    const itemsTotal = items.reduce((s, t) => s + t.price * t.quantity, 0);
    return {
      id: randomUUID(), storeId, storeName: items[0].storeName, state: 'awaiting_payment', channel, currency,
      itemsTotal, discount: 0, total: itemsTotal, paymentId: payment.id, createdAt: now.toISOString(), payDeadline: payDeadline.toISOString(), paidAt: null,
      items: items.map((t) => ({
        id: randomUUID(), productId: t.productId, skuId: t.skuId, title: t.title, attrs: t.attrs, imageId: t.imageId, unitPrice: t.price,
        quantity: t.quantity, amount: t.price * t.quantity, discount: 0, state: 'awaiting_payment', refundState: 'none',
        categoryId: t.categoryId, commissionBp: t.commissionBp,
      })),
    };
  });
  const answer = {
    status: 201,
    body: {
      paymentId: payment.id, amount, currency, payDeadline: payDeadline.toISOString(),
      orders: orders.map((o) => ({ ...o, items: o.items.map(({ categoryId: _c, commissionBp: _b, ...i }) => i) })),
    },
  };
  await insertOrders(tx, now, buyerId, address, input.note ?? null, orders, lines.map((l) => l.skuId), payment.sql, key.answerSql(answer));
  return answer;
}

export type CheckoutAnswer = { paymentId: string; amount: number; currency: string; payDeadline: string; orders: OrderSummary[] };

function mergeLines(lines: OrderLine[]): OrderLine[] {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.skuId, (m.get(l.skuId) ?? 0) + l.quantity);
  return [...m].map(([skuId, quantity]) => ({ skuId, quantity }));
}

function describe(taken: TakenSku[]) {
  const first = taken[0].title;
  const text = taken.length > 1 ? `${first} +${taken.length - 1}` : first;
  return [...text].slice(0, 100).join('');
}

/**
 * The payment, the orders, their items, first timeline entries and outbox messages, the Idempotency-Key's answer and
 * the cart lines bought: one statement.
 */
async function insertOrders(tx: Db, now: Date, buyerId: string, address: ShippingAddress, note: string | null, orders: OrderSummary[], boughtSkuIds: string[], payment: SQL, answer: SQL) {
  const o = orders.map((x) => ({
    id: x.id, store_id: x.storeId, buyer_id: buyerId, payment_id: x.paymentId, channel: x.channel, currency: x.currency, items_total: x.itemsTotal, total: x.total,
  }));
  const i = orders.flatMap((x) => x.items.map((it) => ({
    id: it.id, order_id: x.id, store_id: x.storeId, product_id: it.productId, sku_id: it.skuId, category_id: it.categoryId, title: it.title,
    attrs: it.attrs, image_id: it.imageId, unit_price: it.unitPrice, quantity: it.quantity, amount: it.amount, commission_bp: it.commissionBp,
  })));
  await queryPrepared(tx, 'trio_insert_orders', sql`
    with pay as (${payment}),
    answer as (${answer}),
    o as (
      insert into orders (id, store_id, buyer_id, payment_id, state, channel, currency, items_total, discount, total, address, note, created_at, pay_deadline, updated_at)
      select x.id, x.store_id, x.buyer_id, x.payment_id, 'awaiting_payment', x.channel, x.currency, x.items_total, 0, x.total,
        ${JSON.stringify(address)}::jsonb, ${note}, ${now}, ${orders[0].payDeadline}::timestamptz, ${now}
      from jsonb_to_recordset(${JSON.stringify(o)}::jsonb) as x(id uuid, store_id uuid, buyer_id uuid, payment_id uuid, channel text, currency text, items_total bigint, total bigint)
      returning id, store_id
    ),
    i as (
      insert into order_items (id, order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id, unit_price, quantity, amount, discount, commission_bp, state)
      select x.id, x.order_id, x.store_id, x.product_id, x.sku_id, x.category_id, x.title, x.attrs, x.image_id, x.unit_price, x.quantity, x.amount, 0, x.commission_bp, 'awaiting_payment'
      from jsonb_to_recordset(${JSON.stringify(i)}::jsonb) as x(id uuid, order_id uuid, store_id uuid, product_id uuid, sku_id uuid, category_id int, title text,
        attrs jsonb, image_id uuid, unit_price bigint, quantity int, amount bigint, commission_bp int)
    ),
    e as (insert into order_events (order_id, store_id, event, actor_role, actor_id, at) select id, store_id, 'created', 'buyer', ${buyerId}, ${now} from o),
    m as (${outboxInsertSql(now, orders.map((x) => ({ storeId: x.storeId, topic: 'order.created', payload: { orderId: x.id, storeId: x.storeId, total: x.total, currency: x.currency } })))})
    delete from cart_lines where buyer_id = ${buyerId} and sku_id = any(${pgArray(boughtSkuIds)}::uuid[])`);
}
