// The demo host page: a brand's own site, on an origin of its own, embedding Trio's components with one script tag.
// Not part of Trio's web app. `npm start` (demo mode) starts it on TRIO_DEMO_HOST_PORT (default 3001) with the demo
// mini-site's app id and products; alone: `TRIO_URL=http://localhost:3000 APP_ID=ms_… PRODUCT_1=… STORE_ID=… node
// examples/host-page/server.mjs`. The page is index.html with its {{PLACEHOLDERS}} filled in; ?lang=zh|vi|en sets
// the page's <html lang>, which the cards follow.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const page = readFileSync(path.join(import.meta.dirname, 'index.html'), 'utf8');
const NONE = '00000000-0000-4000-8000-000000000000';

/**
 * Serves the page; resolves when listening, with `url` and `close()`.
 * @param {{ port: number, host?: string, trioUrl: string, appId: string, storeId: string, productIds: string[], unlinkedProductId?: string, giftActivityId?: string, couponId?: string }} o
 */
export function startHostPage(o) {
  const values = {
    TRIO: o.trioUrl.replace(/\/$/, ''),
    APP_ID: o.appId,
    STORE_ID: o.storeId,
    PRODUCT_1: o.productIds[0] ?? NONE,
    PRODUCT_2: o.productIds[1] ?? o.productIds[0] ?? NONE,
    UNLINKED_PRODUCT: o.unlinkedProductId ?? NONE,
    GIFT_ACTIVITY_ID: o.giftActivityId ?? NONE,
    COUPON_ID: o.couponId ?? NONE,
  };
  const escape = (v) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (req.method !== 'GET' || url.pathname !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const lang = ['en', 'zh', 'vi'].includes(url.searchParams.get('lang') ?? '') ? url.searchParams.get('lang') : 'en';
    const html = page.replace(/\{\{(\w+)\}\}/g, (_, k) => escape(k === 'LANG' ? lang : values[k] ?? ''));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '0.0.0.0', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({ url: `http://localhost:${port}`, port, close: () => new Promise((r) => server.close(() => r(undefined))) });
    });
  });
}

// No top-level await: Trio's server bundle (a script, scripts/build-server.mjs) includes this file.
if (import.meta.url === `file://${process.argv[1]}`) {
  const env = process.env;
  startHostPage({
    port: Number(env.PORT || 3001),
    trioUrl: env.TRIO_URL || 'http://localhost:3000',
    appId: env.APP_ID || '',
    storeId: env.STORE_ID || NONE,
    productIds: [env.PRODUCT_1, env.PRODUCT_2].filter(Boolean),
    unlinkedProductId: env.UNLINKED_PRODUCT,
    giftActivityId: env.GIFT_ACTIVITY_ID,
    couponId: env.COUPON_ID,
  }).then((started) => console.log(`Demo host page: ${started.url}/`));
}
