// What both report-cache tests start from: a store with one product, a buyer, paying for one unit at a time, and the
// current period's figures of a report as its reader gets them. Answers are never stale unless `staleMs` says (report-cache-stale.test.ts).
import { expect } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay } from '../orders/fixtures.ts';

export async function reportFixture(staleMs = 0) {
  const env: TestEnv = await testEnv({ TRIO_ANALYTICS_STALE_MS: String(staleMs) });
  const s = await openStore(env);
  const b = await buyer(env);
  const skuId = (await listedProduct(env, s, [{ price: 10_000, stock: 50 }])).skuIds[0];
  return {
    env, s, b,
    async paidOrder() {
      const c = await checkoutOk(env, b, [{ skuId, quantity: 1 }]);
      await pay(env, b, c.paymentId);
      return c.orders[0];
    },
    async current(who: { headers: Record<string, string> }, url: string) {
      const res = await call(env, 'GET', url, who.headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().current as { gmv: number; orders: number; refunds: number; refundAmount: number; views: number };
    },
  };
}
