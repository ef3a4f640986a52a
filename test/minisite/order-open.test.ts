// A mini-site opens the buyer's order (WeChat: a mini program opens the Store order): only an order placed through
// that mini-site, the signed-in buyer's own, and of the store named — each refusal its own code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem } from '../api/support.ts';
import { checkoutOk, listedProduct, openStore } from '../orders/fixtures.ts';
import { address, buyer, call, linkedShop } from './buy-support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

describe('opening an order from a mini-site', () => {
  it('answers the order only when it came through that mini-site, is mine and is of the store named', async () => {
    const { s, site, skuId } = await linkedShop(env);
    const b = await buyer(env);
    const res = await call(env, 'POST', '/api/checkout', b.headers, { lines: [{ skuId, quantity: 1 }], address, miniSiteAppId: site.appId });
    expect(res.statusCode, res.body).toBe(201);
    const orderId = res.json().orders[0].id as string;
    const open = (who: { headers: Record<string, string> }, id: string, appId: string, storeId: string) =>
      call(env, 'GET', `/api/mini-site/orders/${id}?appId=${appId}&storeId=${storeId}`, who.headers);

    const ok = await open(b, orderId, site.appId, s.storeId);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: orderId, channel: 'mini_site', miniSite: { id: site.id, name: 'Brand Café' }, storeId: s.storeId });

    // (a) an order of mine placed in the store itself, or through another mini-site
    const plain = await checkoutOk(env, b, [{ skuId, quantity: 1 }]);
    expectProblem(await open(b, plain.orders[0].id, site.appId, s.storeId), 403, 'order_not_from_mini_site');
    const { site: otherSite } = await linkedShop(env);
    expectProblem(await open(b, orderId, otherSite.appId, s.storeId), 403, 'order_not_from_mini_site');
    expectProblem(await open(b, orderId, 'ms_nobody', s.storeId), 403, 'order_not_from_mini_site');

    // (b) another buyer's order reads as no order, whatever else is right or wrong
    const stranger = await buyer(env);
    expectProblem(await open(stranger, orderId, site.appId, s.storeId), 404, 'order_not_found');
    expectProblem(await open(stranger, plain.orders[0].id, 'ms_nobody', s.storeId), 404, 'order_not_found');
    expectProblem(await open(b, '00000000-0000-4000-8000-000000000000', site.appId, s.storeId), 404, 'order_not_found');

    // (c) the store named is not the order's
    const other = await openStore(env);
    await listedProduct(env, other);
    expectProblem(await open(b, orderId, site.appId, other.storeId), 409, 'order_store_mismatch');

    // A merchant is not a buyer here.
    expectProblem(await open(s.merchant, orderId, site.appId, s.storeId), 403, 'forbidden');
  });
});
