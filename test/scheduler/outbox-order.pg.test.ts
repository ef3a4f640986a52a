// Two processes sweeping the outbox at once (PostgreSQL: two apps with their own pools stand in for two processes).
// Each takes its own batch (SKIP LOCKED); a refund's message must still not be delivered while the same order's
// payment message is being delivered in the other process's batch, and it follows once that batch commits.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { deliverOutbox, enqueue, subscribe } from '../../src/kernel/outbox.ts';
import { cluster, scalar } from '../api/support.ts';
import { onStatement } from '../sent-statements.ts';

let c: Awaited<ReturnType<typeof cluster>>;
beforeAll(async () => (c = await cluster(2)));
afterAll(async () => c?.close());

const seen: string[] = [];
let hold: { reached: () => void; release: Promise<void> } | undefined;
subscribe('test.order.paid', async (m) => {
  const h = hold;
  hold = undefined;
  if (h) {
    h.reached();
    await h.release;
  }
  seen.push(`paid:${m.payload.orderId}`);
});
subscribe('test.order.refunded', async (m) => void seen.push(`refunded:${m.payload.orderId}`));

describe('two processes deliver the outbox at once', () => {
  it('a refund\'s message waits for its payment\'s message held in the other process\'s batch', async () => {
    const [x, y] = [randomUUID(), randomUUID()];
    await inTransaction(c.ctx, (tx) => enqueue(tx, c.clock.now(), [
      { storeId: null, topic: 'test.order.paid', payload: { orderId: x } },
    ]));
    await inTransaction(c.ctx, (tx) => enqueue(tx, c.clock.now(), [
      { storeId: null, topic: 'test.order.refunded', payload: { orderId: x } },
      { storeId: null, topic: 'test.order.refunded', payload: { orderId: y } },
    ]));
    let reached!: () => void;
    let release!: () => void;
    const isReached = new Promise<void>((r) => (reached = r));
    hold = { reached, release: new Promise<void>((r) => (release = r)) };
    // Process one takes a batch of one message (the payment) and is still delivering it.
    const one = deliverOutbox(c.ctxs[0], 1);
    await isReached;
    try {
      // Process two skips the locked payment: the refund of the same order is held back, the other order's is not.
      await deliverOutbox(c.ctxs[1], 100);
      expect(seen).toEqual([`refunded:${y}`]);
    } finally {
      release();
    }
    await one;
    await deliverOutbox(c.ctxs[1], 100);
    expect(seen).toEqual([`refunded:${y}`, `paid:${x}`, `refunded:${x}`]);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from outbox where delivered_at is null and topic like 'test.%'`)).toBe(0);
  });

  it('reads the older messages of the batch\'s orders through outbox_order_idx (generic plans, as the pool makes them)', async () => {
    const x = randomUUID();
    await inTransaction(c.ctx, (tx) => enqueue(tx, c.clock.now(), [
      { storeId: null, topic: 'test.order.paid', payload: { orderId: x } },
      { storeId: null, topic: 'test.order.refunded', payload: { orderId: x } },
    ]));
    // A backlog of other orders' messages (retried much later), known to the planner's statistics.
    await c.ctx.db.execute(sql`insert into outbox (topic, payload, next_attempt_at)
      select 'test.backlog', jsonb_build_object('orderId', gen_random_uuid()), now() + interval '1 day' from generate_series(1, 5000)`);
    await c.ctx.db.execute(sql`analyze outbox`);
    const texts = new Set<string>();
    const stop = onStatement((q) => q.text && /payload->>'orderId'/.test(q.text) && texts.add(q.text));
    try {
      await deliverOutbox(c.ctx, 100);
    } finally {
      stop();
    }
    expect(texts.size).toBe(1);
    const planner = new pg.Client({ connectionString: c.database.url });
    await planner.connect();
    try {
      await planner.query('set plan_cache_mode = force_generic_plan');
      await planner.query('set enable_seqscan = off');
      for (const text of texts) {
        await planner.query(`prepare q as ${text}`);
        const params = Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
        const plan = await planner.query(`explain execute q(${Array(params).fill('null').join(', ')})`);
        await planner.query('deallocate q');
        // Each due message's older messages of its order (waiting for a retry, or undelivered) are index probes.
        const lines = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']);
        expect(lines.filter((l: string) => l.includes('outbox_order_idx'))).toHaveLength(2);
        expect(lines.join('\n')).not.toContain('Seq Scan');
      }
    } finally {
      await planner.end();
    }
  });
});
