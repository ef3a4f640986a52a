// The messages of one order reach their subscribers in the order they were written, even when one of them fails and
// is retried: a refund's message never overtakes its payment's (membership would keep the points it could not take
// back). Messages of other orders, and messages without an order, do not wait.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { deliverOutbox, enqueue, subscribe } from '../../src/kernel/outbox.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';

let env: TestEnv;
beforeAll(async () => (env = await testEnv()));
afterAll(async () => env?.close());

const seen: string[] = [];
let failPaid = 0;
subscribe('test.order.paid', async (m) => {
  if (failPaid > 0) {
    failPaid--;
    throw new Error('the subscriber is away');
  }
  seen.push(`paid:${m.payload.orderId}`);
});
subscribe('test.order.refunded', async (m) => void seen.push(`refunded:${m.payload.orderId ?? m.payload.note}`));

const write = (topic: string, payload: Record<string, unknown>) =>
  inTransaction(env.ctx, (tx) => enqueue(tx, env.clock.now(), [{ storeId: null, topic, payload }]));
const undelivered = () => scalar<number>(env.ctx.db, sql`select count(*)::int from outbox where delivered_at is null and topic like 'test.%'`);

describe('the outbox delivers the messages of one order in order', () => {
  it('a refund\'s message waits while its payment\'s message is retried, then follows it in the same sweep', async () => {
    seen.length = 0;
    const [x, y] = [randomUUID(), randomUUID()];
    await write('test.order.paid', { orderId: x });
    await write('test.order.refunded', { orderId: x });
    await write('test.order.refunded', { orderId: y });
    await write('test.order.refunded', { note: 'no order' });
    failPaid = 1;
    await deliverOutbox(env.ctx, 100);
    // The payment's subscriber failed: its refund is held back; the other order and the message without one are not.
    expect(seen).toEqual([`refunded:${y}`, 'refunded:no order']);
    // Until the retry is due, the held message is not even taken (it cannot fill a batch).
    expect(await deliverOutbox(env.ctx, 100)).toBe(0);
    expect(await undelivered()).toBe(2);
    env.clock.advance(6_000);
    await deliverOutbox(env.ctx, 100);
    expect(seen).toEqual([`refunded:${y}`, 'refunded:no order', `paid:${x}`, `refunded:${x}`]);
    expect(await undelivered()).toBe(0);
  });

  it('three messages of one order written at once are delivered by one sweep, oldest first', async () => {
    seen.length = 0;
    const x = randomUUID();
    await inTransaction(env.ctx, (tx) => enqueue(tx, env.clock.now(), [
      { storeId: null, topic: 'test.order.paid', payload: { orderId: x } },
      { storeId: null, topic: 'test.order.refunded', payload: { orderId: x } },
      { storeId: null, topic: 'test.order.paid', payload: { orderId: x } },
    ]));
    await deliverOutbox(env.ctx, 100);
    expect(seen).toEqual([`paid:${x}`, `refunded:${x}`, `paid:${x}`]);
  });
});
