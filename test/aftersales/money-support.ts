// What the after-sales money tests share besides the request tests' support.ts: paid orders with their payment,
// refunds sent and finished by the sandbox, and reading requests, items, orders, refunds, timelines and the outbox back.
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { afterSales } from '../../src/modules/aftersales/schema.ts';
import { orderItems, orders } from '../../src/modules/orders/schema.ts';
import { sandboxSettled, sweepRefunds } from '../../src/modules/payments/index.ts';
import { refunds } from '../../src/modules/payments/schema.ts';
import type { TestEnv } from '../helpers.ts';
import type { Buyer, Store } from '../orders/fixtures.ts';
import { merchantDo, ok, orderAt, type Order } from './support.ts';

/** An order of these lines, paid through the sandbox cashier (then shipped or received if asked), as its merchant sees it. */
export async function paidOrder(env: TestEnv, s: Store, b: Buyer, lines: { skuId: string; quantity: number }[], stage: 'paid' | 'shipped' | 'received' = 'paid') {
  return (await orderAt(env, s, b, lines, stage)) as Order & { paymentId: string; total: number };
}

/** The merchant accepts the request (over HTTP). */
export const accept = (env: TestEnv, s: Store, id: string) => ok(merchantDo(env, s, id, 'accept'));

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
