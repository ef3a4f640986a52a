// The embeddable components' API: the server decides who may show a card, by the request's Origin and a token made
// for it, whatever a script claims; live data reaches an open card when a price changes.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, WAIT, type TestEnv } from '../helpers.ts';
import { openStore, tee } from '../catalog/fixtures.ts';
import { testMiniSite, type TestMiniSite } from '../fixtures/minisite.ts';
import { buildComponents } from '../../scripts/build-components.mjs';

const BRAND = 'https://brand.example';
const FORGED = 'https://evil.example';

let env: TestEnv;
let store: Awaited<ReturnType<typeof openStore>>;
let other: Awaited<ReturnType<typeof openStore>>;
let site: TestMiniSite;
let productId: string;
let skuIds: string[];
let otherProductId: string;

async function listedProduct(s: typeof store) {
  const created = await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  await env.app.inject({ method: 'POST', url: `${s.url}/products/${id}/submit`, headers: s.merchant.headers });
  const passed = await env.app.inject({ method: 'POST', url: `/api/operator/products/${id}/pass`, headers: s.op.headers });
  expect(passed.statusCode, passed.body).toBe(200);
  return { id, skuIds: await skusOf(env, id) };
}

/** The product's SKU ids, cheapest first. */
async function skusOf(e: TestEnv, productId: string) {
  const rows = await queryRows<{ id: string }>(e.ctx.db, sql`select id from skus where product_id = ${productId} order by price`);
  return rows.map((r) => r.id);
}

const askToken = (appId: string, origin?: string, contentType = 'application/json') =>
  env.app.inject({ method: 'POST', url: '/api/components/token', headers: { ...(origin ? { origin } : {}), 'content-type': contentType }, payload: JSON.stringify({ appId }) });

async function tokenFor(appId: string, origin = BRAND) {
  const res = await askToken(appId, origin);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

const readCard = (id: string, token: string | undefined, origin?: string, extra: Record<string, string> = {}) =>
  env.app.inject({ method: 'GET', url: `/api/components/products/${id}${token ? `?token=${encodeURIComponent(token)}` : ''}`, headers: { ...(origin ? { origin } : {}), ...extra } });

beforeAll(async () => {
  env = await testEnv();
  [store, other] = [await openStore(env), await openStore(env)];
  const p = await listedProduct(store);
  productId = p.id;
  skuIds = p.skuIds;
  otherProductId = (await listedProduct(other)).id;
  site = await testMiniSite(env.ctx.db, { ownerId: store.merchant.userId, linkStoreId: store.storeId, allowedOrigins: [BRAND] });
});
afterAll(async () => {
  await env?.close();
});

describe('a card that needs a link gets a token only for an allowed origin', () => {
  it('the mini-site’s own origin gets a token it may read (CORS echoes that origin, never *)', async () => {
    const res = await askToken(site.appId, BRAND);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(BRAND);
    expect(res.json().token).toMatch(/\./);
    expect(new Date(res.json().expiresAt).getTime() - env.clock.now().getTime()).toBe(env.ctx.config.componentTokenSeconds * 1000);
  });

  it('a browser script posts the body as text/plain (no preflight) and gets the same answer', async () => {
    const res = await askToken(site.appId, BRAND, 'text/plain;charset=UTF-8');
    expect(res.statusCode, res.body).toBe(200);
  });

  it('another origin, no origin, an opaque origin and an unknown app id are refused with origin_not_allowed, unreadable by the page', async () => {
    for (const [appId, origin] of [[site.appId, FORGED], [site.appId, undefined], [site.appId, 'null'], [site.appId, `${BRAND}/page`], ['ms_0000000000000000', BRAND]] as const) {
      const res = await askToken(appId, origin);
      expect(res.statusCode, `${appId} ${origin}`).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('origin_not_allowed');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('a product card is read only with the token, from the same origin, for a linked store', () => {
  it('shows the title, the lowest price in the store currency, the stock state and the SKUs', async () => {
    const res = await readCard(productId, await tokenFor(site.appId), BRAND);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(BRAND);
    const card = res.json();
    expect(card).toMatchObject({ id: productId, storeId: store.storeId, storeName: store.storeName, currency: 'CNY', price: 19900, stockState: 'in_stock' });
    expect(card.skus.map((s: { price: number }) => s.price).sort()).toEqual([19900, 20900]);
    expect(card.skus.find((s: { stock: number }) => s.stock === 3).stockState).toBe('low');
  });

  it('answers 304 to the ETag it gave while nothing changed, and a new card after a price change', async () => {
    const token = await tokenFor(site.appId);
    const first = await readCard(productId, token, BRAND);
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    expect((await readCard(productId, token, BRAND, { 'if-none-match': etag })).statusCode).toBe(304);
    const changed = await env.app.inject({ method: 'PUT', url: `${store.url}/skus/${skuIds[0]}/price`, headers: store.merchant.headers, payload: { price: 18800 } });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = await readCard(productId, token, BRAND, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.json().price).toBe(18800);
  });

  it('a token carried to another origin, a tampered token and a token of no mini-site are refused: not_linked', async () => {
    const token = await tokenFor(site.appId);
    const [payload, mac] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), o: FORGED })).toString('base64url');
    const cases: [string | undefined, string | undefined][] = [
      [token, FORGED], // the token, replayed by another site
      [token, undefined], // no Origin at all (a server-side copy of the page)
      [`${forgedPayload}.${mac}`, FORGED], // a script rewrote the origin inside the token
      [`${payload}.${mac.slice(0, -2)}AA`, BRAND],
      ['nonsense', BRAND],
    ];
    for (const [t, origin] of cases) {
      const res = await readCard(productId, t, origin);
      expect(res.statusCode, `${t?.slice(-6)} ${origin}`).toBe(403);
      expect(res.json().code).toBe('not_linked');
      if (origin !== BRAND) expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('a read without a token is malformed (400)', async () => {
    const res = await readCard(productId, undefined, BRAND);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('a product of a store the mini-site is not linked with is refused not_linked, readable by the mini-site’s page', async () => {
    const res = await readCard(otherProductId, await tokenFor(site.appId), BRAND);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('not_linked');
    expect(res.headers['access-control-allow-origin']).toBe(BRAND);
  });

  it('a link that ends, or an origin the mini-site drops, stops the card at once, token or not', async () => {
    const s2 = await testMiniSite(env.ctx.db, { ownerId: store.merchant.userId, linkStoreId: store.storeId, allowedOrigins: [BRAND, 'https://shop.brand.example'] });
    const token = await tokenFor(s2.appId);
    const shopToken = await tokenFor(s2.appId, 'https://shop.brand.example');
    expect((await readCard(productId, token, BRAND)).statusCode).toBe(200);
    expect((await readCard(productId, shopToken, 'https://shop.brand.example')).statusCode).toBe(200);
    // The owners drop an origin (in the console): the next read from it is refused, though the answer was cached.
    const owner = store.merchant.headers;
    const patched = await env.app.inject({ method: 'PATCH', url: `/api/minisites/${s2.id}`, headers: owner, payload: { allowedOrigins: [BRAND] } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await readCard(productId, shopToken, 'https://shop.brand.example')).json().code).toBe('not_linked');
    expect((await readCard(productId, token, BRAND)).statusCode).toBe(200);
    // The store ends the link: the next read is refused.
    const [link] = (await env.app.inject({ method: 'GET', url: `/api/minisites/${s2.id}/links`, headers: owner })).json() as { id: string }[];
    const ended = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.storeId}/mini-site-links/${link.id}/unlink`, headers: owner });
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await readCard(productId, token, BRAND)).json().code).toBe('not_linked');
  });

  it('a token past its life is refused component_token_expired, and the card asks for a new one', async () => {
    const token = await tokenFor(site.appId);
    env.clock.advance(env.ctx.config.componentTokenSeconds * 1000 + 1000);
    const res = await readCard(productId, token, BRAND);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('component_token_expired');
    expect((await readCard(productId, await tokenFor(site.appId), BRAND)).statusCode).toBe(200);
  });

  it('a product not on sale is product_not_found', async () => {
    const res = await readCard('00000000-0000-4000-8000-000000000000', await tokenFor(site.appId), BRAND);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('product_not_found');
  });
});

describe('a store card needs no link', () => {
  it('any site reads the store’s name, products on sale and its page', async () => {
    const res = await env.app.inject({ method: 'GET', url: `/api/components/stores/${other.storeId}`, headers: { origin: FORGED } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json()).toMatchObject({ id: other.storeId, name: other.storeName, productCount: 1, url: `/s/${other.storeId}` });
  });
});

describe('/components.js', () => {
  /** The size budget of the script, gzipped: what a host page pays to show a card. */
  const BUDGET_GZIP_BYTES = 12 * 1024;

  it('is served to any site, gzipped, cached and revalidated by ETag, within its size budget', async () => {
    await buildComponents({ ifStale: true });
    const res = await env.app.inject({ method: 'GET', url: '/components.js', headers: { 'accept-encoding': 'gzip, br', origin: FORGED } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/javascript');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(res.rawPayload.length).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    const text = gunzipSync(res.rawPayload).toString();
    for (const el of ['store-product', 'store-home', 'store-gift', 'store-coupon']) expect(text).toContain(el);
    const again = await env.app.inject({ method: 'GET', url: '/components.js', headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });
});

/** Reads a Server-Sent Events stream over real HTTP, as a browser on `origin` would. */
function openStream(port: number, path: string, origin: string) {
  const events: { event: string; data: string }[] = [];
  let ended = false;
  let status = 0;
  let headers: http.IncomingHttpHeaders = {};
  const req = http.get({ port, path, headers: { origin, accept: 'text/event-stream' } }, (res) => {
    status = res.statusCode ?? 0;
    headers = res.headers;
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data });
      }
    });
    res.on('end', () => (ended = true));
    res.on('close', () => (ended = true));
  });
  req.on('error', () => (ended = true));
  return { events, get ended() { return ended; }, get status() { return status; }, get headers() { return headers; }, close: () => req.destroy() };
}

describe('live data', () => {
  it('an open stream gets the card, then the new price when the merchant changes it; the stream ends when the server closes', async () => {
    const live = await testEnv();
    try {
      const s = await openStore(live);
      const created = await live.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) });
      const id = created.json().id as string;
      await live.app.inject({ method: 'POST', url: `${s.url}/products/${id}/submit`, headers: s.merchant.headers });
      await live.app.inject({ method: 'POST', url: `/api/operator/products/${id}/pass`, headers: s.op.headers });
      const [sku] = await skusOf(live, id);
      const ms = await testMiniSite(live.ctx.db, { ownerId: s.merchant.userId, linkStoreId: s.storeId, allowedOrigins: [BRAND] });
      const token = (await live.app.inject({ method: 'POST', url: '/api/components/token', headers: { origin: BRAND }, payload: { appId: ms.appId } })).json().token;
      await live.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (live.app.server.address() as { port: number }).port;

      const forged = openStream(port, `/api/components/live?products=${id}&token=${encodeURIComponent(token)}`, FORGED);
      await expect.poll(() => forged.status, WAIT).toBe(403);

      const stream = openStream(port, `/api/components/live?products=${id}&token=${encodeURIComponent(token)}`, BRAND);
      await expect.poll(() => stream.events.length, WAIT).toBeGreaterThan(0);
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toContain('text/event-stream');
      expect(stream.headers['access-control-allow-origin']).toBe(BRAND);
      expect(JSON.parse(stream.events[0].data).price).toBe(19900);

      const changed = await live.app.inject({ method: 'PUT', url: `${s.url}/skus/${sku}/price`, headers: s.merchant.headers, payload: { price: 15500 } });
      expect(changed.statusCode, changed.body).toBe(200);
      await expect.poll(() => stream.events.map((e) => e.event === 'product' && JSON.parse(e.data).price), WAIT).toContain(15500);

      await live.app.close();
      await expect.poll(() => stream.ended, WAIT).toBe(true);
      expect(stream.events.at(-1)?.event).toBe('closing');
    } finally {
      await live.close();
    }
  });

  it('an open stream tells its cards not_linked and ends when the link ends; another ends when its origin is dropped', async () => {
    const owner = store.merchant.headers;
    const SHOP = 'https://shop.brand.example';
    const s3 = await testMiniSite(env.ctx.db, { ownerId: store.merchant.userId, linkStoreId: store.storeId, allowedOrigins: [BRAND, SHOP] });
    const [brandToken, shopToken] = [await tokenFor(s3.appId), await tokenFor(s3.appId, SHOP)];
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (env.app.server.address() as { port: number }).port;
    const live = (token: string, origin: string) => openStream(port, `/api/components/live?products=${productId}&token=${encodeURIComponent(token)}`, origin);
    const [brand, shop] = [live(brandToken, BRAND), live(shopToken, SHOP)];
    try {
      await expect.poll(() => brand.events.length && shop.events.length, WAIT).toBeGreaterThan(0);

      // The owners drop the shop's origin: its stream ends, the brand's goes on.
      const patched = await env.app.inject({ method: 'PATCH', url: `/api/minisites/${s3.id}`, headers: owner, payload: { allowedOrigins: [BRAND] } });
      expect(patched.statusCode, patched.body).toBe(200);
      await expect.poll(() => shop.ended, WAIT).toBe(true);
      expect(shop.events.at(-1)).toEqual({ event: 'unavailable', data: JSON.stringify({ productId, code: 'not_linked' }) });
      expect(brand.ended).toBe(false);

      // The store ends the link: the brand's stream says so for its card and ends, without waiting for its token to expire.
      const [link] = (await env.app.inject({ method: 'GET', url: `/api/minisites/${s3.id}/links`, headers: owner })).json() as { id: string }[];
      const ended = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.storeId}/mini-site-links/${link.id}/unlink`, headers: owner });
      expect(ended.statusCode, ended.body).toBe(200);
      await expect.poll(() => brand.ended, WAIT).toBe(true);
      expect(brand.events.at(-1)).toEqual({ event: 'unavailable', data: JSON.stringify({ productId, code: 'not_linked' }) });
    } finally {
      brand.close();
      shop.close();
    }
  });
});
