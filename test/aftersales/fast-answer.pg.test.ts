// The losers of a race for one item are answered without waiting for a transaction that holds it (PostgreSQL: two
// apps with their own pools stand in for two processes; on PGlite the held transaction would keep the only
// connection, so this file runs where DATABASE_URL is set, as every *.pg.test.ts).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, clusterEnv, holdTransaction, scalar, waitingOnLocks } from '../api/support.ts';
import { waitFor } from '../payments/support.ts';
import type { TestEnv } from '../helpers.ts';
import { buyer, listedProduct, type Buyer, type Store } from '../orders/fixtures.ts';
import { orderAt, storeWithReturns } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
let s: Store;
let b: Buyer;
beforeAll(async () => {
  c = await cluster(3, { TRIO_SESSION_TTL_HOURS: '100000' });
  env = clusterEnv(c);
  s = await storeWithReturns(env);
  b = await buyer(env);
});
afterAll(async () => c?.close());

const n = (q: ReturnType<typeof sql>) => scalar<number>(c.ctx.db, q);

describe('after-sales requests under a held transaction', () => {
  // A request is one statement that locks neither the order nor its item: while another transaction holds them (a
  // payment, a shipment or a refund being written), the winner is created and the losers are answered. On PGlite the
  // held transaction keeps the only connection, so this is PostgreSQL's.
  it('two requests for one item while a transaction holds the order and the item: answered without waiting for it', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 5 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'shipped');
    const release = await holdTransaction(c.ctx, sql`select 1 from orders o join order_items i on i.order_id = o.id where o.id = ${o.id} for update`);
    try {
      const answers = await Promise.all([0, 1].map((i) => c.app(i + 1).inject({
        method: 'POST', url: `/api/orders/${o.id}/after-sales`, headers: { ...b.headers, 'idempotency-key': randomUUID() },
        payload: { orderItemId: o.items[0].id, type: 'return', quantity: 1, reason: 'While the order is held' },
      })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.statusCode === 409)!.json().code).toBe('after_sale_open_exists');
    } finally {
      await release();
    }
    expect(await n(sql`select count(*)::int from after_sales where order_item_id = ${o.items[0].id}`)).toBe(1);
  });

  // A refund accepted by one statement is answered from what it read and wrote: the statement takes the request only
  // as it was read (its row's version), so a change made meanwhile, even one leaving its state and amount alone,
  // sends the acceptance to the transaction that reads it again: the answer is never the request as it was.
  it('an acceptance that waited for a change of the request is answered with the request as changed', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 5 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'paid');
    const asked = await c.app(1).inject({
      method: 'POST', url: `/api/orders/${o.id}/after-sales`, headers: { ...b.headers, 'idempotency-key': randomUUID() },
      payload: { orderItemId: o.items[0].id, type: 'refund', quantity: 1, reason: 'Changed while accepted', detail: 'As asked' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id as string;
    const release = await holdTransaction(c.ctx, sql`update after_sales set detail = 'Edited meanwhile' where id = ${id}`);
    const accepting = c.app(2).inject({ method: 'POST', url: `${s.url}/after-sales/${id}/accept`, headers: s.merchant.headers });
    try {
      await waitFor(async () => (await waitingOnLocks(c.ctx.db)) > 0);
    } finally {
      await release();
    }
    const accepted = await accepting;
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'refunding', detail: 'Edited meanwhile' });
    expect(accepted.json()).toEqual((await c.app(1).inject({ method: 'GET', url: `${s.url}/after-sales/${id}`, headers: s.merchant.headers })).json());
    expect(await n(sql`select count(*)::int from refunds where source = ${`aftersales:${id}`}`)).toBe(1);
  });
});
