// The losers of a flash sale are answered without waiting for the winners' transactions: while the checkouts under
// way in a process already take every unit left, the others are told at once (409, try again), even when those
// checkouts are stuck behind a transaction holding the SKU's row. The winners go several per statement: exactly the
// units are sold, never below zero, and a batch that meets a key claimed elsewhere is undone and each goes alone.
// PostgreSQL only (*.pg.test.ts): on PGlite the held transaction keeps the only connection.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { batchedCheckout, checkoutsInBatches } from '../../src/modules/orders/batched-checkout.ts';
import type { StatementRow } from '../../src/modules/orders/one-statement.ts';
import { cluster, clusterEnv, holdTransaction, scalar, waitingOnLocks as locked } from '../api/support.ts';
import { account, SLOW_TEST_MS, WAIT, type TestEnv } from '../helpers.ts';
import { address, listedProduct, openStore } from './fixtures.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
beforeAll(async () => {
  c = await cluster(2, { TRIO_LOGIN_MAX_FAILURES_PER_IP: '100000' });
  env = clusterEnv(c);
});
afterAll(async () => c?.close());

const waitingOnLocks = () => locked(c.ctx.db);

describe('a hot SKU', { timeout: SLOW_TEST_MS }, () => {
  it("buyers whose units are all in checkouts under way are answered while those checkouts wait for the SKU's row; the checkouts then win", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 3 }]);
    const people = await Promise.all(Array.from({ length: 6 }, () => account(env, 'buyer')));
    const order = (i: number) => c.apps[1].inject({
      method: 'POST', url: '/api/checkout', headers: { ...people[i].headers, 'idempotency-key': `hot-${i}` }, payload: { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address },
    });
    // The first order tells the process how many are left (2).
    expect((await order(0)).statusCode).toBe(201);

    // A winner's transaction elsewhere holds the SKU's row; two buyers of this process go for the last two units.
    const release = await holdTransaction(c.ctx, sql`select 1 from skus where id = ${p.skuIds[0]} for update`);
    let winners: ReturnType<typeof order>[] = [];
    try {
      winners = [order(1), order(2)];
      // Both under way (one statement for the two or one each), waiting for the row.
      await expect.poll(async () => checkoutsInBatches() === 2 && (await waitingOnLocks()) >= 1, WAIT).toBe(true);
      // Those who come now cannot win unless one of the two fails: answered while the row is still held.
      const losers = await Promise.all([order(3), order(4), order(5)]);
      for (const r of losers) expect(r.json()).toMatchObject({ status: 409, code: 'stock_insufficient', skuId: p.skuIds[0], held: true });
    } finally {
      await release();
    }
    expect((await Promise.all(winners)).map((r) => r.statusCode)).toEqual([201, 201]);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(0);
    expect(await scalar<number>(c.ctx.db, sql`select coalesce(sum(quantity), 0)::int from order_items where sku_id = ${p.skuIds[0]}`)).toBe(3);
  });

  it('a unit given back by a checkout that failed is won by the next buyer', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 2 }]);
    const people = await Promise.all(Array.from({ length: 3 }, () => account(env, 'buyer')));
    const order = (i: number, expectedTotal?: number) => c.apps[1].inject({
      method: 'POST', url: '/api/checkout', headers: people[i].headers, payload: { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address, ...(expectedTotal ? { expectedTotal } : {}) },
    });
    expect((await order(0)).statusCode).toBe(201);
    const release = await holdTransaction(c.ctx, sql`select 1 from skus where id = ${p.skuIds[0]} for update`);
    let failing: ReturnType<typeof order>;
    try {
      // Under way for the last unit, and bound to fail (it expects another total): the next buyer is told to try again.
      failing = order(1, 1);
      await expect.poll(waitingOnLocks, WAIT).toBe(1);
      expect((await order(2)).json()).toMatchObject({ status: 409, code: 'stock_insufficient', held: true });
    } finally {
      await release();
    }
    expect((await failing!).statusCode).toBe(409);
    // The unit is there again: the buyer who tried again wins it.
    expect((await order(2)).statusCode).toBe(201);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(0);
  });
});

describe('a flash sale in batches', { timeout: SLOW_TEST_MS }, () => {
  it("24 buyers over two processes for the last 12 units, the row held: the late are answered at once; then exactly 12 orders from fewer statements, never below zero", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 14 }]);
    const sku = p.skuIds[0];
    const people = await Promise.all(Array.from({ length: 30 }, () => account(env, 'buyer')));
    const order = (app: number, i: number) => c.apps[app].inject({
      method: 'POST', url: '/api/checkout', headers: { ...people[i].headers, 'idempotency-key': `batch-${i}` }, payload: { lines: [{ skuId: sku, quantity: 1 }], address },
    });
    // Each process learns from an order of its own what is left (13, then 12).
    expect((await order(0, 0)).statusCode).toBe(201);
    expect((await order(1, 1)).statusCode).toBe(201);

    const release = await holdTransaction(c.ctx, sql`select 1 from skus where id = ${sku} for update`);
    let racing: Awaited<ReturnType<typeof order>>[] = [];
    let pending: Promise<Awaited<ReturnType<typeof order>>[]>;
    try {
      pending = Promise.all(Array.from({ length: 24 }, (_, j) => order(j % 2, 2 + j)));
      // All 24 in this process's batches, their statements waiting for the row (at most two per process).
      await expect.poll(async () => checkoutsInBatches() === 24 && (await waitingOnLocks()) >= 2, WAIT).toBe(true);
      expect(await waitingOnLocks()).toBeLessThanOrEqual(4);
      // The second process's 12 cover all it knows left: those who come now are answered while the row is held.
      const late = await Promise.all([26, 27, 28, 29].map((i) => order(1, i)));
      for (const r of late) expect(r.json()).toMatchObject({ status: 409, code: 'stock_insufficient', skuId: sku, held: true });
    } finally {
      await release();
    }
    racing = await pending!;
    const won = racing.filter((r) => r.statusCode === 201);
    expect(won).toHaveLength(12);
    for (const r of racing.filter((x) => x.statusCode !== 201)) expect(r.json()).toMatchObject({ status: 409, code: 'stock_insufficient' });
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${sku}`)).toBe(0);
    expect(await scalar<number>(c.ctx.db, sql`select coalesce(sum(quantity), 0)::int from order_items where sku_id = ${sku}`)).toBe(14);
    expect(await scalar<number>(c.ctx.db, sql`select min(stock_after)::int from stock_flows where sku_id = ${sku}`)).toBe(0);
    expect(await scalar<number>(c.ctx.db, sql`select count(distinct stock_after)::int from stock_flows where sku_id = ${sku} and reason = 'order'`)).toBe(14);
    const ids = `{${won.map((r) => r.json().orders[0].id).join(',')}}`;
    const written = await queryRows<{ buyer_id: string; tx: string }>(c.ctx.db, sql`select buyer_id, xmin::text as tx from orders where id = any(${ids}::uuid[])`);
    expect(new Set(written.map((o) => o.buyer_id)).size).toBe(12);
    // Several orders per statement: fewer transactions than orders.
    expect(new Set(written.map((o) => o.tx)).size).toBeLessThan(12);
  });

  it('a batch that meets a key another request claimed meanwhile is undone whole; each of its buyers goes alone', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 5 }]);
    const [a, b] = await Promise.all([account(env, 'buyer'), account(env, 'buyer')]);
    const now = c.clock.now();
    const plain = (buyerId: string) => ({ skuId: p.skuIds[0], quantity: 1, channel: 'store' as const, address, buyerId, note: null, expectedTotal: null, now, payDeadline: new Date(now.getTime() + 1_800_000) });
    // The same key's other request, still writing.
    const release = await holdTransaction(c.ctx, sql`insert into idempotency_keys (scope, key, request_hash, status, response, created_at)
      values (${`u:${a.userId}`}, 'dup', 'h', 201, '{}'::jsonb, now())`);
    const alone: string[] = [];
    const single = (who: string) => async (): Promise<StatementRow> => {
      alone.push(who);
      return { answer: 'alone', bumped: 0 };
    };
    let answers: Promise<StatementRow[]>;
    try {
      answers = Promise.all([
        batchedCheckout(c.ctx.db, plain(a.userId), { scope: `u:${a.userId}`, key: 'dup', hash: 'h' }, single('a')),
        batchedCheckout(c.ctx.db, plain(b.userId), null, single('b')),
      ]);
      await expect.poll(waitingOnLocks, WAIT).toBe(1);
    } finally {
      await release();
    }
    expect((await answers!).map((r) => r.answer)).toEqual(['alone', 'alone']);
    expect(alone.sort()).toEqual(['a', 'b']);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(5);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from orders where buyer_id in (${a.userId}, ${b.userId})`)).toBe(0);
  });
});
