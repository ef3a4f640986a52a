// The operator drills into a category: the headline figures (GMV, orders, buyers, average order value, growth) and
// the audience are those of the category's subtree, and an order with items in two sibling categories is one order of their parent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { categoryId, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay, type Store } from '../orders/fixtures.ts';

let env: TestEnv;
let s: Store;
const ids: Record<string, number> = {};

beforeAll(async () => {
  env = await testEnv();
  s = await openStore(env); // dresses and coats, siblings under apparel.women
  const dress = (await listedProduct(env, s, [{ price: 10_000, stock: 20 }], 'Dress 连衣裙')).skuIds[0];
  const coat = (await listedProduct(env, { ...s, categoryIds: [s.categoryIds[1]] }, [{ price: 30_000, stock: 20 }], 'Coat 大衣')).skuIds[0];
  for (const code of ['apparel', 'apparel.women', 'apparel.women.dresses', 'apparel.women.coats']) ids[code] = await categoryId(env, code);
  const [lin, minh] = [await buyer(env), await buyer(env)];
  // 1 November: Lin buys a dress; 2 November: Lin buys a dress and a coat in one order, Minh buys a dress.
  const c0 = await checkoutOk(env, lin, [{ skuId: dress, quantity: 1 }]);
  await pay(env, lin, c0.paymentId);
  env.clock.advance(12 * 3600_000);
  for (const [b, lines] of [[lin, [{ skuId: dress, quantity: 1 }, { skuId: coat, quantity: 1 }]], [minh, [{ skuId: dress, quantity: 1 }]]] as const) {
    const c = await checkoutOk(env, b, [...lines]);
    expect(c.orders).toHaveLength(1);
    await pay(env, b, c.paymentId);
  }
  await runSweeps(sweeps(env.ctx), 200);
});
afterAll(async () => env?.close());

const drilled = async (code?: string) => {
  const res = await call(env, 'GET', `/api/operator/analytics?unit=day&date=2026-11-02${code ? `&categoryId=${ids[code]}` : ''}`, s.op.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('a drilled category', () => {
  it('counts an order with items in two sibling categories once in their parent, and its items in each child', async () => {
    for (const parent of ['apparel', 'apparel.women']) {
      const r = await drilled(parent);
      expect(r.current, parent).toMatchObject({ gmv: 50_000, orders: 2, buyers: 2, averageOrderValue: 25_000, activeProducts: 2, activeMerchants: 1, returningBuyers: 1, newBuyers: 1 });
      expect(r.compare, parent).toMatchObject({ gmv: 10_000, orders: 1, buyers: 1 });
      expect(r.growth.vsCompare.gmv, parent).toEqual({ kind: 'multiple', hundredths: 500, text: '×5.00' });
      expect(r.growth.vsCompare.orders, parent).toEqual({ kind: 'multiple', hundredths: 200, text: '×2.00' });
    }
    expect((await drilled('apparel.women.dresses')).current).toMatchObject({ gmv: 20_000, orders: 2, buyers: 2, averageOrderValue: 10_000, activeProducts: 1 });
    const coats = await drilled('apparel.women.coats');
    expect(coats.current).toMatchObject({ gmv: 30_000, orders: 1, buyers: 1, averageOrderValue: 30_000, activeProducts: 1, newBuyers: 1, returningBuyers: 0 });
    expect(coats.compare).toMatchObject({ gmv: 0, orders: 0 });
    expect(coats.growth.vsCompare.gmv).toEqual({ kind: 'new', text: 'new' });
    expect(coats.trend.slice(0, 2)).toEqual([{ bucket: '2026-11-02', gmv: 30_000, orders: 1 }]);
    expect(coats.audience.buyers).toBe(1);
    expect((await drilled('apparel.women')).audience.buyers).toBe(2);
  });

  it('without a category the figures are the whole platform, the same orders as the top category here', async () => {
    const all = await drilled();
    expect(all.current).toMatchObject({ orders: 2, buyers: 2 });
    expect(all.current.gmv).toBeGreaterThanOrEqual(50_000);
  });
});
