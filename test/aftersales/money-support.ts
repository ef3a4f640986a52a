// What the after-sales money tests share: paid orders, requests moved by the buyer's and merchant's own service
// calls (the request routes are tested in requests.test.ts), refunds sent and finished by the sandbox, and reading
// requests, items, orders and the store balance ledger back.
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { inTransaction } from '../../src/kernel/context.ts';
import { buyerAct, createRequest, merchantAnswer, type BuyerAction, type MerchantAnswer, type NewRequest } from '../../src/modules/aftersales/requests.ts';
import { afterSales } from '../../src/modules/aftersales/schema.ts';
import { orderItems, orders } from '../../src/modules/orders/schema.ts';
import { sandboxSettled, sweepRefunds } from '../../src/modules/payments/index.ts';
import { refunds } from '../../src/modules/payments/schema.ts';
import type { TestEnv } from '../helpers.ts';
import { call, checkoutOk, pay, type Buyer, type Store } from '../orders/fixtures.ts';

/** A checkout of these lines paid through the sandbox cashier; the order of the store as its merchant sees it. */
export async function paidOrder(env: TestEnv, s: Store, b: Buyer, lines: { skuId: string; quantity: number }[]) {
  const c = await checkoutOk(env, b, lines);
  await pay(env, b, c.paymentId);
  const order = (await call(env, 'GET', `${s.url}/orders/${c.orders[0].id}`, s.merchant.headers)).json();
  expect(order.state).toBe('awaiting_shipment');
  return order as { id: string; paymentId: string; total: number; items: { id: string; skuId: string; quantity: number; amount: number }[] };
}

/** The buyer asks (default: a refund of one unit of the first item, the whole share). */
export const ask = (env: TestEnv, buyerId: string, orderId: string, input: Partial<NewRequest> & { orderItemId: string }) =>
  inTransaction(env.ctx, (tx) => createRequest(env.ctx, tx, buyerId, orderId, { type: 'refund', quantity: 1, reason: 'Not as described', ...input }));
export const answer = (env: TestEnv, storeId: string, id: string, a: MerchantAnswer) => inTransaction(env.ctx, (tx) => merchantAnswer(env.ctx, tx, storeId, null, id, a));
export const act = (env: TestEnv, buyerId: string, id: string, a: BuyerAction) => inTransaction(env.ctx, (tx) => buyerAct(env.ctx, tx, buyerId, id, a));

/** The refunds sweep sends what is due; the sandbox finishes each and notifies. */
export async function sendRefunds(env: TestEnv) {
  const n = await sweepRefunds(env.ctx, 100);
  await sandboxSettled(env.app);
  return n;
}

export const requestRow = async (env: TestEnv, id: string) => (await env.ctx.db.select().from(afterSales).where(eq(afterSales.id, id)))[0];
export const itemRow = async (env: TestEnv, id: string) => (await env.ctx.db.select().from(orderItems).where(eq(orderItems.id, id)))[0];
export const orderRow = async (env: TestEnv, id: string) => (await env.ctx.db.select().from(orders).where(eq(orders.id, id)))[0];
export const refundRow = async (env: TestEnv, id: string) => (await env.ctx.db.select().from(refunds).where(eq(refunds.id, id)))[0];

/** How many timeline rows of a request (or an order) are this event. */
export async function eventCount(env: TestEnv, table: 'after_sale_events' | 'order_events', column: 'after_sale_id' | 'order_id', id: string, event: string) {
  const [{ n }] = await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(column)} = ${id} and event = ${event}`);
  return Number(n);
}

export async function outboxCount(env: TestEnv, topic: string, afterSaleId: string) {
  const [{ n }] = await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from outbox where topic = ${topic} and payload->>'afterSaleId' = ${afterSaleId}`);
  return Number(n);
}
