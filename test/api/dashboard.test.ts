// The merchant's home: today's paid orders and GMV (today in the platform's time zone), and the to-do counts, each
// moving when its cause happens; another merchant, and a member without the permission, see nothing of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay } from '../orders/fixtures.ts';
import { askOk, orderAt } from '../aftersales/support.ts';
import { tee } from '../catalog/fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

type Store = Awaited<ReturnType<typeof openStore>>;
async function dashboard(s: Store, headers = s.merchant.headers) {
  const res = await call(env, 'GET', `${s.url}/dashboard`, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { currency: string; today: { paidOrders: number; gmv: number; since: string }; todo: Record<string, number>; lowStockThreshold: number };
}

describe('merchant dashboard', () => {
  it('counts today and the to-dos, and each count moves when its cause happens', async () => {
    const s = await openStore(env);
    const b = await buyer(env);
    const empty = await dashboard(s);
    expect(empty).toMatchObject({ currency: 'CNY', today: { paidOrders: 0, gmv: 0 }, todo: { toShip: 0, afterSalesWaiting: 0, reviewFailed: 0, lowStockSkus: 0, depositOwed: 0 }, lowStockThreshold: 5 });
    // The test clock is 08:00 UTC, 16:00 in Shanghai: today began at 16:00 UTC the day before.
    expect(empty.today.since).toBe('2026-10-31T16:00:00.000Z');

    // A product with 10 units: not low. Two paid orders: today's count, GMV, and two to ship.
    const p = await listedProduct(env, s, [{ price: 12_300, stock: 10 }]);
    const first = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'paid');
    const unpaid = await checkoutOk(env, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
    let d = await dashboard(s);
    expect(d.today).toMatchObject({ paidOrders: 1, gmv: 24_600 });
    expect(d.todo).toMatchObject({ toShip: 1, lowStockSkus: 0 });
    await pay(env, b, unpaid.paymentId);
    d = await dashboard(s);
    expect(d.today).toMatchObject({ paidOrders: 2, gmv: 36_900 });
    expect(d.todo).toMatchObject({ toShip: 2 });

    // Shipping one leaves one to ship; the paid figures stay (they are what was paid today).
    const shipped = await call(env, 'POST', `${s.url}/orders/${first.id}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: 'SF100200300400' });
    expect(shipped.statusCode, shipped.body).toBe(201);
    expect((await dashboard(s)).todo.toShip).toBe(1);

    // Stock down to 5 (the threshold): one low SKU; back up: none.
    const adjust = (op: string, quantity: number) => call(env, 'POST', `${s.url}/skus/${p.skuIds[0]}/stock`, s.merchant.headers, { op, quantity });
    expect((await adjust('set', 5)).statusCode).toBe(200);
    expect((await dashboard(s)).todo.lowStockSkus).toBe(1);
    expect((await adjust('set', 6)).statusCode).toBe(200);
    expect((await dashboard(s)).todo.lowStockSkus).toBe(0);

    // A refund asked on the paid order waits for the merchant.
    const other = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'paid');
    await askOk(env, b, other);
    expect((await dashboard(s)).todo.afterSalesWaiting).toBe(1);

    // A product whose review fails.
    const draft = (await call(env, 'POST', `${s.url}/products`, s.merchant.headers, tee(s.categoryIds[0]))).json();
    await call(env, 'POST', `${s.url}/products/${draft.id}/submit`, s.merchant.headers);
    const failed = await call(env, 'POST', `/api/operator/products/${draft.id}/fail`, s.op.headers, { reason: 'Blurry photos' });
    expect(failed.statusCode, failed.body).toBe(200);
    expect((await dashboard(s)).todo.reviewFailed).toBe(1);

    // A deduction from the deposit leaves it owed.
    const ded = await call(env, 'POST', `/api/operator/stores/${s.storeId}/deposit-ledger`, s.op.headers, { kind: 'deduction', amount: 1_000 }, { 'idempotency-key': crypto.randomUUID() });
    expect(ded.statusCode, ded.body).toBe(201);
    expect((await dashboard(s)).todo.depositOwed).toBe(1_000);

    // The next day in Shanghai (01:00 there): today's figures start again, the to-dos stay.
    env.clock.advance(9 * 3600_000);
    d = await dashboard(s);
    expect(d.today).toMatchObject({ paidOrders: 0, gmv: 0, since: '2026-11-01T16:00:00.000Z' });
    expect(d.todo).toMatchObject({ toShip: 2, afterSalesWaiting: 1, reviewFailed: 1, depositOwed: 1_000 });
  });

  it('another merchant and a stranger see nothing of it', async () => {
    const s = await openStore(env);
    const other = await account(env, 'merchant');
    const stranger = await call(env, 'GET', `${s.url}/dashboard`, other.headers);
    expect([403, 404]).toContain(stranger.statusCode);
    expect(stranger.headers['content-type']).toMatch(/problem\+json/);
    expect((await call(env, 'GET', `${s.url}/dashboard`, {})).statusCode).toBe(401);
    const b = await buyer(env);
    expect([403, 404]).toContain((await call(env, 'GET', `${s.url}/dashboard`, b.headers)).statusCode);
  });
});

describe('the low-stock threshold is the server setting', () => {
  let env3: TestEnv;
  beforeAll(async () => { env3 = await testEnv({ TRIO_LOW_STOCK_THRESHOLD: '12' }); });
  afterAll(async () => { await env3?.close(); });

  it('the store detail (read by the product lists) and the dashboard answer TRIO_LOW_STOCK_THRESHOLD', async () => {
    const s = await openStore(env3);
    const store = await call(env3, 'GET', s.url, s.merchant.headers);
    expect(store.statusCode, store.body).toBe(200);
    expect(store.json().lowStockThreshold).toBe(12);
    expect((await call(env3, 'GET', `${s.url}/dashboard`, s.merchant.headers)).json().lowStockThreshold).toBe(12);
    // 10 units left is low under 12: counted, and found by the list's filter.
    const p = await listedProduct(env3, s, [{ price: 1_000, stock: 10 }]);
    expect((await call(env3, 'GET', `${s.url}/dashboard`, s.merchant.headers)).json().todo.lowStockSkus).toBe(1);
    const low = (await call(env3, 'GET', `${s.url}/products?lowStock=12`, s.merchant.headers)).json();
    expect(JSON.stringify(low)).toContain(p.productId);
  });
});
