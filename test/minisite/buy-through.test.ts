// A buyer who comes from a brand's mini-site (?via=<appId>) buys through it: the orders carry channel mini_site and
// the mini-site, the merchant sees and filters them, and a mini-site not linked to the store is refused with nothing
// written. Cart lines keep the mini-site they were added through, per store order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, scalar } from '../api/support.ts';
import { listedProduct, openStore } from '../orders/fixtures.ts';
import { address, buyer, call, linkedShop } from './buy-support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

describe('buying through a mini-site', () => {
  it('gives the order channel mini_site and the mini-site, shown to the merchant (with a channel filter) and the buyer', async () => {
    const { s, site, skuId } = await linkedShop(env);
    const b = await buyer(env);
    const res = await call(env, 'POST', '/api/checkout', b.headers, { lines: [{ skuId, quantity: 2 }], address, miniSiteAppId: site.appId });
    expect(res.statusCode, res.body).toBe(201);
    const [order] = res.json().orders;
    expect(order.channel).toBe('mini_site');
    expect(await scalar(env.ctx.db, sql`select mini_site_id::text from orders where id = ${order.id}`)).toBe(site.id);

    const list = (await call(env, 'GET', `${s.url}/orders?channel=mini_site`, s.merchant.headers)).json();
    expect(list.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(list.orders[0]).toMatchObject({ channel: 'mini_site', miniSite: { id: site.id, name: 'Brand Café' } });
    expect((await call(env, 'GET', `${s.url}/orders?channel=store`, s.merchant.headers)).json().orders).toEqual([]);
    const detail = (await call(env, 'GET', `${s.url}/orders/${order.id}`, s.merchant.headers)).json();
    expect(detail).toMatchObject({ channel: 'mini_site', miniSite: { name: 'Brand Café' } });
    const mine = (await call(env, 'GET', `/api/orders/${order.id}`, b.headers)).json();
    expect(mine).toMatchObject({ channel: 'mini_site', miniSite: { id: site.id, name: 'Brand Café' } });
  });

  it('refuses a mini-site not linked to the store (409 not_linked) and an unknown one (404), writing nothing', async () => {
    const { s, site, skuId } = await linkedShop(env, { link: false });
    const b = await buyer(env);
    const before = await scalar(env.ctx.db, sql`select count(*)::int from orders`);
    expectProblem(await call(env, 'POST', '/api/checkout', b.headers, { lines: [{ skuId, quantity: 1 }], address, miniSiteAppId: site.appId }), 409, 'not_linked');
    expectProblem(await call(env, 'POST', '/api/checkout', b.headers, { lines: [{ skuId, quantity: 1 }], address, miniSiteAppId: 'ms_unknown' }), 404, 'mini_site_not_found');
    expectProblem(await call(env, 'POST', '/api/cart/lines', b.headers, { skuId, quantity: 1, miniSiteAppId: site.appId }), 409, 'not_linked');
    expect(await scalar(env.ctx.db, sql`select count(*)::int from orders`)).toBe(before);
    expect(await scalar(env.ctx.db, sql`select stock from skus where id = ${skuId}`)).toBe(10);
    expect(await scalar(env.ctx.db, sql`select count(*)::int from cart_lines where buyer_id = ${b.userId}`)).toBe(0);
    expect(s.storeId).toBeTruthy();
  });

  it('keeps the mini-site on cart lines: a cart checkout gives that store order the mini-site and the other store order none', async () => {
    const { s, site, skuId } = await linkedShop(env);
    const other = await openStore(env);
    const plain = await listedProduct(env, other);
    const b = await buyer(env);
    expect((await call(env, 'POST', '/api/cart/lines', b.headers, { skuId, quantity: 1, miniSiteAppId: site.appId })).statusCode).toBe(200);
    const cart = await call(env, 'POST', '/api/cart/lines', b.headers, { skuId: plain.skuIds[0], quantity: 1 });
    expect(cart.json().lines.find((l: { skuId: string }) => l.skuId === skuId)).toMatchObject({ miniSiteId: site.id, channel: 'mini_site' });
    // Changing the quantity keeps where the line came from.
    expect((await call(env, 'PUT', `/api/cart/lines/${skuId}`, b.headers, { quantity: 3 })).json().lines.find((l: { skuId: string }) => l.skuId === skuId).miniSiteId).toBe(site.id);
    const res = await call(env, 'POST', '/api/checkout', b.headers, { address });
    expect(res.statusCode, res.body).toBe(201);
    const orders = res.json().orders as { storeId: string; channel: string; id: string }[];
    expect(orders.find((o) => o.storeId === s.storeId)!.channel).toBe('mini_site');
    expect(orders.find((o) => o.storeId === other.storeId)!.channel).toBe('store');
    expect(await scalar(env.ctx.db, sql`select count(*)::int from orders where id = any(${`{${orders.map((o) => o.id).join(',')}}`}::uuid[]) and mini_site_id = ${site.id}`)).toBe(1);
  });

  it('refuses a cart checkout when the link ended after the line was added', async () => {
    const { s, site, skuId } = await linkedShop(env);
    const b = await buyer(env);
    expect((await call(env, 'POST', '/api/cart/lines', b.headers, { skuId, quantity: 1, miniSiteAppId: site.appId })).statusCode).toBe(200);
    await env.ctx.db.execute(sql`update mini_site_links set state = 'unlinked' where mini_site_id = ${site.id} and store_id = ${s.storeId}`);
    expectProblem(await call(env, 'POST', '/api/checkout', b.headers, { address }), 409, 'not_linked');
    expect(await scalar(env.ctx.db, sql`select count(*)::int from orders where buyer_id = ${b.userId}`)).toBe(0);
  });
});
