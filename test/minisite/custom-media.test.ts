// Customised products: the mini-site's server uploads the buyer's file (checked by content, size-limited), the buy
// flow carries its media id to the order item, and the merchant downloads it through a link that expires. A file
// of another mini-site or another buyer, a product that is not customisable, or an order not through the mini-site
// are each refused with their own code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PDF, pngImage, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, scalar } from '../api/support.ts';
import { address, buyer, call, linkedShop, signedCall } from './buy-support.ts';
import type { TestMiniSite } from '../fixtures/minisite.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv({ TRIO_CUSTOM_MEDIA_MAX_BYTES: String(200_000) }); });
afterAll(async () => { await env?.close(); });

const upload = (site: TestMiniSite, data: Buffer, type: string, buyerId?: string) =>
  signedCall(env, site, 'POST', `/api/mini-site/v1/media${buyerId ? `?buyer=${buyerId}` : ''}`, data, type);

async function uploaded(site: TestMiniSite, data: Buffer, type: string, buyerId?: string) {
  const res = await upload(site, data, type, buyerId);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().mediaId as string;
}

async function customisableShop() {
  const shop = await linkedShop(env);
  const on = await call(env, 'PUT', `${shop.s.url}/products/${shop.p.productId}/customisable`, shop.s.merchant.headers, { enabled: true });
  expect(on.statusCode, on.body).toBe(200);
  expect(on.json().customisable).toBe(true);
  return shop;
}

describe('customisation files', () => {
  it('takes an image or a PDF checked by content and refuses the rest', async () => {
    const { site } = await linkedShop(env);
    const png = await pngImage(64, 64);
    await uploaded(site, png, 'image/png');
    await uploaded(site, PDF, 'application/pdf');
    expectProblem(await upload(site, png, 'image/jpeg'), 415, 'file_type_not_allowed');
    expectProblem(await upload(site, Buffer.from('GIF89a not an image'), 'image/png'), 415, 'file_type_not_allowed');
    expectProblem(await upload(site, png.subarray(0, 40), 'image/png'), 422, 'document_unreadable');
    expectProblem(await upload(site, Buffer.concat([png, Buffer.alloc(250_000)]), 'image/png'), 413, 'payload_too_large');
    const unsigned = await env.app.inject({ method: 'POST', url: '/api/mini-site/v1/media', payload: png, headers: { 'content-type': 'image/png' } });
    expectProblem(unsigned, 401, 'signature_missing');
  });

  it('carries the file to the order item; the merchant downloads it through a link that expires', async () => {
    const { s, site, skuId } = await customisableShop();
    const b = await buyer(env);
    const png = await pngImage(80, 60);
    const mediaId = await uploaded(site, png, 'image/png', b.userId);
    const res = await call(env, 'POST', '/api/checkout', b.headers, { lines: [{ skuId, quantity: 1, mediaId }], address, miniSiteAppId: site.appId });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json().orders[0];
    const detail = (await call(env, 'GET', `${s.url}/orders/${order.id}`, s.merchant.headers)).json();
    expect(detail.items[0].hasCustomFile).toBe(true);
    const link = await call(env, 'GET', `${s.url}/orders/${order.id}/items/${detail.items[0].id}/custom-file`, s.merchant.headers);
    expect(link.statusCode, link.body).toBe(200);
    const { url } = link.json();
    const file = await env.app.inject({ method: 'GET', url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.rawPayload, png)).toBe(0);
    expectProblem(await env.app.inject({ method: 'GET', url: url.replace(/sig=./, 'sig=x') }), 403, 'link_invalid');
    expectProblem(await env.app.inject({ method: 'GET', url: url.replace(/expires=\d+/, (m: string) => `expires=${Number(m.slice(8)) + 3600}`) }), 403, 'link_invalid');
    // Another store's merchant gets no link; an item without a file has none.
    const { s: otherStore } = await linkedShop(env);
    expect((await call(env, 'GET', `${otherStore.url}/orders/${order.id}/items/${detail.items[0].id}/custom-file`, otherStore.merchant.headers)).statusCode).toBe(404);
    env.clock.advance(11 * 60_000);
    expectProblem(await env.app.inject({ method: 'GET', url }), 403, 'link_expired');
  });

  it('refuses a file on a product that is not customisable, of another mini-site or buyer, or outside the mini-site', async () => {
    const { site, skuId } = await customisableShop();
    const plainShop = await linkedShop(env);
    const { site: otherSite } = await linkedShop(env);
    const b = await buyer(env);
    const other = await buyer(env);
    const png = await pngImage(32, 32);
    const buy = (who: { headers: Record<string, string> }, lines: unknown[], appId?: string) => call(env, 'POST', '/api/checkout', who.headers, { lines, address, ...(appId ? { miniSiteAppId: appId } : {}) });

    const forPlain = await uploaded(plainShop.site, png, 'image/png', b.userId);
    expectProblem(await buy(b, [{ skuId: plainShop.skuId, quantity: 1, mediaId: forPlain }], plainShop.site.appId), 409, 'product_not_customisable');
    const ofOtherSite = await uploaded(otherSite, png, 'image/png', b.userId);
    expectProblem(await buy(b, [{ skuId, quantity: 1, mediaId: ofOtherSite }], site.appId), 403, 'media_not_yours');
    const ofOtherBuyer = await uploaded(site, png, 'image/png', other.userId);
    expectProblem(await buy(b, [{ skuId, quantity: 1, mediaId: ofOtherBuyer }], site.appId), 403, 'media_not_yours');
    const mine = await uploaded(site, png, 'image/png', b.userId);
    expectProblem(await buy(b, [{ skuId, quantity: 1, mediaId: mine }]), 409, 'media_needs_mini_site');
    expectProblem(await buy(b, [{ skuId, quantity: 1, mediaId: '00000000-0000-4000-8000-000000000000' }], site.appId), 404, 'media_not_found');
    expectProblem(await call(env, 'POST', '/api/cart/lines', b.headers, { skuId, quantity: 1, mediaId: ofOtherBuyer, miniSiteAppId: site.appId }), 403, 'media_not_yours');
    expect(await scalar(env.ctx.db, sql`select count(*)::int from orders where buyer_id = ${b.userId}`)).toBe(0);

    // A file naming no buyer goes to the first buyer who uses it (the cart here), and to no one else.
    const open = await uploaded(site, png, 'image/png');
    const [first, second] = await Promise.all([b, other].map((who) => call(env, 'POST', '/api/cart/lines', who.headers, { skuId, quantity: 1, mediaId: open, miniSiteAppId: site.appId })));
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 403]);
    const winner = first.statusCode === 200 ? b : other;
    expect(await scalar(env.ctx.db, sql`select buyer_id::text from mini_site_media where id = ${open}`)).toBe(winner.userId);
    const res = await call(env, 'POST', '/api/checkout', winner.headers, { address });
    expect(res.statusCode, res.body).toBe(201);
    expect(await scalar(env.ctx.db, sql`select custom_media_id::text from order_items where order_id = ${res.json().orders[0].id}`)).toBe(open);
  });
});
