// A brand's mini-site sells through its linked store, the whole way in one piece, in Chromium: the brand's own site
// (examples/host-page, served here on an origin of its own) shows a <store-product> card of the demo mini-site
// "Jade Mountain Tea House"; a visitor clicks Buy, signs in on Trio, buys (the product page carries ?via=<appId>)
// and pays in the sandbox cashier; the tea merchant's console shows the order's channel (mini-site) and the
// mini-site's name; the mini-site's server (a small HTTP receiver run here) gets the signed order notices, and the
// test checks their signatures with the mini-site's secret, as a brand's developer would (own HMAC code, not Trio's).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHostPage } from '../../examples/host-page/server.mjs';
import { en } from '../../web/src/i18n/en.ts';
import { DEMO_PASSWORD, PHONE, addFirstAddress, journey, shot } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

// The server's own demo host page is not started (port 0): this test serves the page itself.
const e2e = journey('minisite-journey', { env: { TRIO_DEMO_HOST_PORT: '0', TRIO_SCHEDULER_INTERVAL_MS: '300' } });

/** The demo mini-site of the README (owned by the tea merchant, linked with its store). */
const APP_ID = 'ms_de000000000000a1';

type Sku = { id: string; attrs: Record<string, string>; price: number; stock: number; available: boolean };
type Product = { id: string; storeId: string; title: string; attributes: { name: string; values: string[] }[]; skus: Sku[] };
type MiniSite = { id: string; appId: string; name: string; allowedOrigins: string[]; callbackUrl: string | null };
type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer };

const money = (fen: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY', minimumFractionDigits: fen % 100 === 0 ? 0 : 2 }).format(fen / 100);
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

/** The brand's callback receiver: keeps every request as it came (raw body), answers 200. */
function startReceiver(): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/trio/notices?shop=jade`, got, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/**
 * The brand's check of a notice, written from the README's rule (not Trio's code): key = hex SHA-256 of the secret;
 * signed string = METHOD \n PATH?QUERY \n TIMESTAMP \n NONCE \n BODY \n; signature = base64 HMAC-SHA256.
 */
function signedBy(secret: string, r: Received): boolean {
  const h = (n: string) => String(r.headers[n] ?? '');
  const key = createHash('sha256').update(secret, 'utf8').digest('hex');
  const text = Buffer.concat([Buffer.from(`${r.method}\n${r.url}\n${h('trio-timestamp')}\n${h('trio-nonce')}\n`), r.body, Buffer.from('\n')]);
  const want = createHmac('sha256', key).update(text).digest();
  const got = Buffer.from(h('trio-signature'), 'base64');
  return got.length === want.length && timingSafeEqual(got, want);
}

async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${e2e.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomBytes(16).toString('hex'), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function chooseSku(page: Page, p: Product, sku: Sku) {
  const a = p.attributes[0];
  if (a) await page.getByRole('radio', { name: sku.attrs[a.name], exact: true }).check({ force: true });
  await page.waitForFunction((want) => document.querySelector('[data-testid="sku-price"]')?.textContent?.replace(/[\u00a0\u202f]/g, ' ').trim() === want, plain(money(sku.price)));
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let hostPage: Awaited<ReturnType<typeof startHostPage>> | undefined;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await hostPage?.close();
  await receiver?.close();
});

describe('a mini-site sells through its linked store', () => {
  it('host page card → buy via the mini-site → sandbox payment → merchant sees channel and mini-site → signed notices reach the callback', async () => {
    // The brand (the tea merchant owns the mini-site): its site's origin allowed, its callback URL, a new secret.
    const tea = await e2e.login('tea@trio.demo');
    const sites = await e2e.apiAs<MiniSite[]>(tea, '/api/minisites');
    const site = sites.find((s) => s.appId === APP_ID)!;
    expect(site, 'the demo mini-site').toBeDefined();
    const [store] = await e2e.apiAs<{ id: string; name: string }[]>(tea, '/api/merchant/stores?limit=200');
    const links = await e2e.apiAs<{ storeId: string; state: string }[]>(tea, `/api/minisites/${site.id}/links`);
    expect(links.find((l) => l.storeId === store.id)?.state).toBe('linked');

    // A product of the store on sale in the mini-site channel, one attribute at most, in stock.
    const list = await e2e.apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&channel=mini_site&limit=50`);
    let product: Product | undefined;
    let sku: Sku | undefined;
    for (const row of list) {
      const p = await e2e.apiAs<Product>(null, `/api/storefront/products/${row.id}?channel=mini_site`);
      const inStock = p.skus.filter((s) => s.available && s.stock >= 5).sort((a, b) => a.price - b.price);
      if (p.attributes.length <= 1 && inStock.length) [product, sku] = [p, inStock[0]];
      if (product) break;
    }
    if (!product || !sku) throw new Error(`no product of store ${store.id} on sale in the mini-site channel`);

    hostPage = await startHostPage({ port: 0, host: '127.0.0.1', trioUrl: e2e.server.url, appId: APP_ID, storeId: store.id, productIds: [product.id] });
    const hostOrigin = `http://127.0.0.1:${hostPage.port}`;
    expect(hostOrigin).not.toBe(new URL(e2e.server.url).origin);
    await call('PATCH', `/api/minisites/${site.id}`, tea, { allowedOrigins: [...site.allowedOrigins, hostOrigin], callbackUrl: receiver.url });
    const { secret } = await call<{ secret: string }>('POST', `/api/minisites/${site.id}/secret`, tea);

    // The brand's site, on a phone: the card shows the product and its price in the mini-site channel.
    const brand = await e2e.newPage(PHONE);
    await brand.goto(`${hostOrigin}/`);
    const card = brand.locator('#card-1');
    await card.getByTestId('price').waitFor({ timeout: WAIT_MS });
    await card.getByText(product.title).waitFor();
    expect(plain(await card.getByTestId('price').textContent())).toBe(plain(money(sku.price)));
    await shot(brand, 'minisite-journey-01-host-card-phone');

    // Buy: Trio's product page opens in a new tab, carrying the mini-site; the visitor signs in and comes back.
    const buy = card.getByRole('link', { name: new RegExp(`^Buy `) });
    expect(await buy.getAttribute('href')).toContain(`/p/${product.id}?via=${APP_ID}`);
    const [buyer] = await Promise.all([brand.waitForEvent('popup'), buy.click()]);
    await buyer.waitForURL((u) => u.pathname === `/p/${product.id}` && u.searchParams.get('via') === APP_ID);
    await buyer.getByRole('heading', { name: product.title, level: 1 }).waitFor();
    await chooseSku(buyer, product, sku);
    await buyer.getByRole('button', { name: en.orders.cart.buyNow }).click();
    await buyer.waitForURL(/\/signin\?next=/);
    await buyer.getByLabel(en.auth.email).fill('emma@trio.demo');
    await buyer.getByLabel(en.auth.password).fill(DEMO_PASSWORD);
    await buyer.getByRole('button', { name: en.auth.signIn, exact: true }).click();
    await buyer.waitForURL((u) => u.pathname === `/p/${product.id}` && u.searchParams.get('via') === APP_ID);
    await chooseSku(buyer, product, sku);
    await buyer.getByRole('button', { name: en.orders.cart.buyNow }).click();
    await buyer.waitForURL((u) => u.pathname === '/checkout' && u.searchParams.get('via') === APP_ID);
    await addFirstAddress(buyer, { name: 'Emma Ward', phone: '+86 138 0000 2222', region: 'Hangzhou, Xihu District', line: '9 Longjing Road' });
    // The total once quoted (a placeholder shows while it loads).
    await expect.poll(async () => plain(await buyer.getByTestId('checkout-total').textContent()), { timeout: WAIT_MS }).toMatch(/\d/);
    const total = plain(await buyer.getByTestId('checkout-total').textContent());
    await shot(buyer, 'minisite-journey-02-checkout-phone');
    await buyer.getByRole('button', { name: en.orders.checkout.place }).click();

    // The sandbox cashier, then the buyer's order, which names the mini-site it came through.
    await buyer.waitForURL('**/sandbox/cashier/**');
    expect(plain(await buyer.getByTestId('cashier-amount').textContent())).toBe(total);
    await buyer.getByRole('button', { name: new RegExp(`^${en.orders.cashier.pay.replace('{{amount}}', '')}`) }).click();
    // One order paid: the buyer lands on it (several would land on the list).
    await buyer.waitForURL(/\/orders(\/[0-9a-f-]+)?$/);
    await buyer.getByText(en.orders.state.awaiting_shipment).first().waitFor();
    await buyer.getByText(en.buy.viaMiniSite.replace('{{name}}', site.name), { exact: false }).waitFor();
    await shot(buyer, 'minisite-journey-03-paid-order-phone');
    const buyerToken = await buyer.evaluate(() => JSON.parse(localStorage.getItem('trio.session')!).token as string);
    const { orders } = await e2e.apiAs<{ orders: { id: string; storeId: string; state: string; channel: string; total: number; items: { skuId?: string; productId: string; amount: number }[] }[] }>(buyerToken, '/api/orders?limit=10');
    expect(orders).toHaveLength(1);
    const order = orders[0];
    expect(order).toMatchObject({ storeId: store.id, state: 'awaiting_shipment', channel: 'mini_site' });
    expect(order.items.map((i) => i.productId)).toEqual([product.id]);
    // What the card showed is what the buyer paid for the item.
    expect(order.items[0].amount).toBe(sku.price);

    // The merchant's console: the order, its channel and the mini-site it came through.
    const merchant = await e2e.newPage();
    await merchant.goto(`${e2e.server.url}/signin`);
    await merchant.getByLabel(en.auth.email).fill('tea@trio.demo');
    await merchant.getByLabel(en.auth.password).fill(DEMO_PASSWORD);
    await merchant.getByRole('button', { name: en.auth.signIn, exact: true }).click();
    await merchant.waitForURL('**/merchant');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/orders/${order.id}`);
    await merchant.getByText(en.orders.merchant.channel.replace('{{channel}}', en.catalog.channel.mini_site), { exact: false }).waitFor();
    await merchant.getByText(en.buy.viaMiniSite.replace('{{name}}', site.name), { exact: false }).waitFor();
    await shot(merchant, 'minisite-journey-04-merchant-order');

    // The mini-site's server got the notices of this order (created, then paid), each signed with its secret.
    const noticesOf = () => receiver.got.map((r) => ({ r, n: JSON.parse(r.body.toString('utf8')) as { id: string; event: string; order: { id: string; channel: string; miniSiteId: string; total: number } } }))
      .filter((x) => x.n.order.id === order.id);
    await expect.poll(() => noticesOf().map((x) => x.n.event), { timeout: WAIT_MS }).toEqual(expect.arrayContaining(['created', 'paid']));
    for (const { r, n } of noticesOf()) {
      expect(r.method).toBe('POST');
      expect(r.url).toBe('/trio/notices?shop=jade');
      expect(r.headers['trio-app-id']).toBe(APP_ID);
      expect(signedBy(secret, r), `notice ${n.event} signed with the mini-site's secret`).toBe(true);
      expect(signedBy('trio-demo-mini-site-secret-2026', r), 'not with the secret it had before').toBe(false);
      expect(n.order).toMatchObject({ channel: 'mini_site', miniSiteId: site.id, total: order.total });
    }
  });
});
