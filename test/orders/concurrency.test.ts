// Races of real connections (on PostgreSQL several apps, each with its own pool, stand in for processes; on PGlite
// the same code runs serialised). Assertions are on the final rows, never on timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cluster, clusterEnv, holdTransaction, scalar } from '../api/support.ts';
import { account, type TestEnv } from '../helpers.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { address, listedProduct, openStore } from './fixtures.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
beforeAll(async () => {
  c = await cluster(3, { TRIO_LOGIN_MAX_FAILURES_PER_IP: '100000' });
  env = clusterEnv(c);
});
afterAll(async () => c?.close());

// Accounts as registration writes them, without its scrypt hashes (registration is not what races here).
const buyers = (n: number) => Promise.all(Array.from({ length: n }, () => account(env, 'buyer')));

describe('checkout under concurrency', () => {
  it('60 buyers racing over three processes for the last 20 units: exactly 20 orders, stock 0, never negative', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 20 }]);
    // 15 buyers, each with four tabs open: 60 checkouts at once.
    const people = (await buyers(15)).flatMap((b) => [b, b, b, b]);
    const answers = await Promise.all(people.map((b, i) => c.app(i).inject({
      method: 'POST', url: '/api/checkout', headers: { ...b.headers, 'idempotency-key': `race-${i}` }, payload: { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address },
    })));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((x) => x === 201)).toHaveLength(20);
    expect(codes.filter((x) => x !== 201).every((x) => x === 409)).toBe(true);
    expect(answers.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'stock_insufficient')).toBe(true);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(0);
    expect(await scalar<number>(c.ctx.db, sql`select coalesce(sum(quantity), 0)::int from order_items where sku_id = ${p.skuIds[0]}`)).toBe(20);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from stock_flows where sku_id = ${p.skuIds[0]} and reason = 'order'`)).toBe(20);
    // Sold out is visible to everyone.
    expect(await scalar<string>(c.ctx.db, sql`select live_state from products where id = ${p.productId}`)).toBe('sold_out');
  });

  it("once the last unit is sold, the losers are answered while a winner's transaction still holds the SKU's row; a restock is seen by every process", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 1 }, { price: 990, stock: 5 }]);
    const [a, b, d] = await buyers(3);
    const last = [{ skuId: p.skuIds[0], quantity: 1 }];
    const both = [{ skuId: p.skuIds[0], quantity: 1 }, { skuId: p.skuIds[1], quantity: 1 }];
    const order = (i: number, who: { headers: Record<string, string> }, lines: typeof last) =>
      c.app(i).inject({ method: 'POST', url: '/api/checkout', headers: who.headers, payload: { lines, address } });
    expect((await order(0, a, last)).statusCode).toBe(201);
    // Each process is refused once by the database, and learns that the SKU has nothing left.
    for (let i = 0; i < 3; i++) expect((await order(i, b, last)).json()).toMatchObject({ code: 'stock_insufficient', stock: 0 });
    // Another buyer, signed in on every process (sessions are cached per process), has not tried yet.
    for (let i = 0; i < 3; i++) expect((await c.app(i).inject({ method: 'GET', url: '/api/orders', headers: d.headers })).statusCode).toBe(200);

    // A winner's transaction still holds the SKU's row (on PGlite: the only connection) while the losers come.
    const release = await holdTransaction(c.ctx, sql`select 1 from skus where id = ${p.skuIds[0]} for update`);
    try {
      const losers = await Promise.all([0, 1, 2].flatMap((i) => [order(i, b, last), order(i, d, last), order(i, d, both)]));
      for (const r of losers) expect(r.json()).toMatchObject({ status: 409, code: 'stock_insufficient', skuId: p.skuIds[0], stock: 0 });
    } finally {
      await release();
    }
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[1]}`)).toBe(5);

    // The merchant restocks through one process: every process sells again (on PostgreSQL once its listener heard it).
    const added = await c.apps[0].inject({ method: 'POST', url: `${s.url}/skus/${p.skuIds[0]}/stock`, headers: s.merchant.headers, payload: { op: 'add', quantity: 3 } });
    expect(added.statusCode, added.body).toBe(200);
    for (let i = 0; i < 3; i++) await expect.poll(async () => (await order(i, d, last)).statusCode).toBe(201);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(0);
  });

  it('one Idempotency-Key sent ten times at once over three processes orders once', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 50 }]);
    const [b] = await buyers(1);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => c.app(i).inject({
      method: 'POST', url: '/api/checkout', headers: { ...b.headers, 'idempotency-key': 'double-click' }, payload: { lines: [{ skuId: p.skuIds[0], quantity: 2 }], address },
    })));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((r) => r.json().paymentId)).size).toBe(1);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from orders where buyer_id = ${b.userId}`)).toBe(1);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(48);
  });

  it('payment timeouts swept by three processes at once cancel each order once and return its stock once', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 500, stock: 30 }]);
    const people = (await buyers(5)).flatMap((b) => [b, b]);
    for (const [i, b] of people.entries()) {
      const r = await c.app(i).inject({ method: 'POST', url: '/api/checkout', headers: b.headers, payload: { lines: [{ skuId: p.skuIds[0], quantity: 3 }], address } });
      expect(r.statusCode, r.body).toBe(201);
    }
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(0);
    c.clock.advance(31 * 60_000);
    // Each "process" sweeps with its own connections.
    await Promise.all(c.ctxs.map((x) => runSweeps(sweeps(x), 200)));
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(30);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from stock_flows where sku_id = ${p.skuIds[0]} and reason = 'cancel'`)).toBe(10);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from orders o join order_items i on i.order_id = o.id where i.sku_id = ${p.skuIds[0]} and o.state = 'cancelled'`)).toBe(10);
  });
});
