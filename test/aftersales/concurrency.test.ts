// Races over real connections (on PostgreSQL two apps, each with its own pool, stand in for two processes; on
// PGlite the same code runs serialised). Assertions are on the final rows, never on timing.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, clusterEnv, scalar } from '../api/support.ts';
import type { TestEnv } from '../helpers.ts';
import { buyer, listedProduct, type Buyer, type Store } from '../orders/fixtures.ts';
import { sweepAfterSaleTimeouts } from '../../src/modules/aftersales/sweeps.ts';
import { askOk, orderAt, storeWithReturns } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
let s: Store;
let b: Buyer;
beforeAll(async () => {
  c = await cluster(2, { TRIO_SESSION_TTL_HOURS: '100000' });
  env = clusterEnv(c);
  s = await storeWithReturns(env);
  b = await buyer(env);
});
afterAll(async () => c?.close());

const n = (q: ReturnType<typeof sql>) => scalar<number>(c.ctx.db, q);

describe('after-sales under concurrency', () => {
  it('the buyer cancels while the merchant accepts: exactly one wins, every time', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 50 }]);
    const won = { buyer: 0, merchant: 0 };
    for (let round = 0; round < 8; round++) {
      const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'paid');
      const r = await askOk(env, b, o, { type: 'refund', quantity: 1 });
      const [cancel, accept] = await Promise.all([
        c.app(round).inject({ method: 'POST', url: `/api/after-sales/${r.id}/cancel`, headers: b.headers }),
        c.app(round + 1).inject({ method: 'POST', url: `${s.url}/after-sales/${r.id}/accept`, headers: s.merchant.headers }),
      ]);
      const codes = [cancel.statusCode, accept.statusCode].sort();
      expect(codes, `${cancel.body} ${accept.body}`).toEqual([200, 409]);
      const loser = cancel.statusCode === 409 ? cancel : accept;
      expect(loser.json().code).toBe('after_sale_transition_not_allowed');
      const state = await scalar<string>(c.ctx.db, sql`select state from after_sales where id = ${r.id}`);
      expect(state).toBe(cancel.statusCode === 200 ? 'user_cancelled' : 'refunding');
      expect(await n(sql`select count(*)::int from after_sale_events where after_sale_id = ${r.id}`)).toBe(2);
      // A refund exists exactly when the merchant won.
      expect(await n(sql`select count(*)::int from refunds where source = ${`aftersales:${r.id}`}`)).toBe(state === 'refunding' ? 1 : 0);
      won[state === 'refunding' ? 'merchant' : 'buyer']++;
    }
    expect(won.buyer + won.merchant).toBe(8);
  });

  it('two requests for one item at once (different keys): one is created, the other is 409 after_sale_open_exists', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 5 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'shipped');
    const answers = await Promise.all([0, 1, 2, 3].map((i) => c.app(i).inject({
      method: 'POST', url: `/api/orders/${o.id}/after-sales`, headers: { ...b.headers, 'idempotency-key': randomUUID() },
      payload: { orderItemId: o.items[0].id, type: 'return', quantity: 1, reason: 'Twice at once' },
    })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'after_sale_open_exists')).toBe(true);
    expect(await n(sql`select count(*)::int from after_sales where order_item_id = ${o.items[0].id}`)).toBe(1);
  });

  it('requests made two at a time and withdrawn, from every process: each takes the next number and the limit holds', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 5 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const ask = (i: number) => c.app(i).inject({
      method: 'POST', url: `/api/orders/${o.id}/after-sales`, headers: b.headers,
      payload: { orderItemId: o.items[0].id, type: 'return', quantity: 1, reason: 'Asked and withdrawn' },
    });
    // Requests made and withdrawn at once from every process, up to the item's limit: each takes its own number.
    for (let round = 0; round < 5; round++) {
      const made = await Promise.all([ask(round), ask(round + 1)]);
      const ok = made.filter((a) => a.statusCode === 201);
      expect(ok.length, made.map((a) => a.body).join(' | ')).toBe(1);
      expect((await c.app(round).inject({ method: 'POST', url: `/api/after-sales/${ok[0].json().id}/cancel`, headers: b.headers })).statusCode).toBe(200);
    }
    const late = await ask(0);
    expect(late.json()).toMatchObject({ status: 409, code: 'after_sale_limit_reached' });
    expect(await n(sql`select count(distinct seq)::int from after_sales where order_item_id = ${o.items[0].id} and seq between 1 and 5`)).toBe(5);
  });

  it('refunds of two items of one order accepted at once from two processes: both asked of the one payment, never more than it paid', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 50 }, { price: 2500, stock: 50 }]);
    for (let round = 0; round < 4; round++) {
      const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }, { skuId: p.skuIds[1], quantity: 1 }], 'paid');
      const asked = [await askOk(env, b, o, { type: 'refund', quantity: 1 }), await askOk(env, b, o, { type: 'refund', quantity: 1, orderItemId: o.items[1].id })];
      const accepted = await Promise.all(asked.map((r, i) => c.app(round + i).inject({ method: 'POST', url: `${s.url}/after-sales/${r.id}/accept`, headers: s.merchant.headers })));
      expect(accepted.map((a) => a.statusCode), accepted.map((a) => a.body).join(' | ')).toEqual([200, 200]);
      const paid = await n(sql`select p.amount::int from payments p join orders o on o.payment_id = p.id where o.id = ${o.id}`);
      const refunds = await c.ctx.db.execute(sql`select r.amount::int as amount, a.refund_id = r.id as linked from refunds r join after_sales a on r.source = 'aftersales:' || a.id where a.order_id = ${o.id}`);
      const rows = (refunds as unknown as { rows: { amount: number; linked: boolean }[] }).rows;
      expect(rows.map((r) => r.linked)).toEqual([true, true]);
      expect(rows.reduce((t, r) => t + r.amount, 0)).toBeLessThanOrEqual(paid);
      expect(await n(sql`select count(*)::int from after_sales where order_id = ${o.id} and state = 'refunding'`)).toBe(2);
    }
  });

  it('the sweep and the merchant at the deadline: one move, never two', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 5 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const r = await askOk(env, b, o, { type: 'return' });
    c.clock.advance(48 * 3600_000);
    const [, reject] = await Promise.all([
      sweepAfterSaleTimeouts(c.ctxs[1], 100),
      c.app(0).inject({ method: 'POST', url: `${s.url}/after-sales/${r.id}/reject`, headers: s.merchant.headers, payload: { reason: 'No' } }),
    ]);
    const state = await scalar<string>(c.ctx.db, sql`select state from after_sales where id = ${r.id}`);
    expect(state).toBe(reject.statusCode === 200 ? 'merchant_rejected' : 'waiting_buyer_return');
    expect(await n(sql`select count(*)::int from after_sale_events where after_sale_id = ${r.id}`)).toBe(2);
  });
});
