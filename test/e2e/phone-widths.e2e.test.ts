// Every buyer page fits a 360 px phone in English, Chinese and Vietnamese: nothing makes the page wider than the
// screen (document.scrollingElement.scrollWidth <= 360), and the language switcher never covers the logo. The demo
// buyer Lin (with the demo's orders) adds a cart line, sends a gift and asks for a refund through the API; then each
// page is opened in each language on a 360 x 740 viewport.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { journey, pageAs, postAs, settled, shot, type Lang } from './harness.ts';

const PHONE_360 = { width: 360, height: 740 };
const e2e = journey('phone-widths');

type Product = { id: string; title: string; categoryId: number; storeId: string; skus: { id: string; stock: number; price: number }[] };
type Order = { id: string; state: string; items: { id: string }[] };

/** What overflows: the page's width, and the widest elements past the right edge (to say what to fix). */
async function overflow(page: Page) {
  return page.evaluate((limit) => {
    const width = document.scrollingElement!.scrollWidth;
    const culprits: string[] = [];
    if (width > limit)
      for (const el of document.querySelectorAll<HTMLElement>('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > limit + 0.5 && r.width > 0 && culprits.length < 4) culprits.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
      }
    return { width, culprits };
  }, PHONE_360.width);
}

/** Visible logos and language switchers that overlap. */
async function switcherOverLogo(page: Page) {
  return page.evaluate(() => {
    const boxes = (sel: string) => [...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
    const hit = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return boxes('.brand').some((logo) => boxes('.lang-switch').some((sw) => hit(logo, sw)));
  });
}

describe('buyer pages on a 360 px phone', () => {
  let signedIn: string[] = [];
  const signedOut = ['/', '/signin', '/register'];

  beforeAll(async () => {
    const { server, apiAs, login } = e2e;
    const lin = await login('lin@trio.demo');
    const toys = await login('toys@trio.demo');
    const [store] = await apiAs<{ id: string }[]>(toys, '/api/merchant/stores?limit=200');
    const list = await apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=20`);
    // A giftable product in stock: it goes in the cart and is sent as a gift.
    let product: Product | undefined;
    let skuId = '';
    for (const row of list) {
      const options = await apiAs<{ giftable: boolean; skus: { id: string; giftable: boolean; stock: number }[] }>(null, `/api/products/${row.id}/gift-options`);
      const sku = options.giftable ? options.skus.find((s) => s.giftable && s.stock >= 3) : undefined;
      if (sku) {
        product = await apiAs<Product>(null, `/api/storefront/products/${row.id}`);
        skuId = sku.id;
        break;
      }
    }
    if (!product) throw new Error('the demo toy store has no giftable product in stock');
    await postAs(server, lin, '/api/cart/lines', { skuId, quantity: 2 });
    const pay = async (paymentId: string) => {
      const pre = await postAs<{ cashierUrl: string }>(server, lin, `/api/payments/${paymentId}/prepay`, { method: 'native' });
      await postAs(server, null, `/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`);
    };
    const sent = await postAs<{ gift: { id: string }; paymentId: string }>(server, lin, '/api/gifts', { skuId, kind: 'single', quantity: 1, message: 'Chúc mừng sinh nhật! 生日快乐!' });
    await pay(sent.paymentId);
    const gift = await apiAs<{ sharePath: string }>(lin, `/api/gifts/${sent.gift.id}`);
    const address = { name: 'Nguyễn Văn An', phone: '+84 912 000 111', region: 'Thành phố Hồ Chí Minh, Quận Bình Thạnh', line: '208 Đường Nguyễn Hữu Cảnh, Phường 22' };
    const bought = await postAs<{ paymentId: string; orders: { id: string }[] }>(server, lin, '/api/checkout', { lines: [{ skuId, quantity: 1 }], address });
    await pay(bought.paymentId);
    const paid = await apiAs<Order>(lin, `/api/orders/${bought.orders[0].id}`);
    // The demo's orders: one shipped, in parcels.
    const { orders } = await apiAs<{ orders: Order[] }>(lin, '/api/orders?limit=50');
    const shipped = orders.find((o) => o.state === 'awaiting_receipt') ?? paid;
    const request = await postAs<{ id: string }>(server, lin, `/api/orders/${paid.id}/after-sales`, { orderItemId: paid.items[0].id, type: 'refund', quantity: 1, reason: 'Đặt nhầm màu' });
    const word = product.title.split(/\s+/)[0];
    signedIn = [
      '/', `/c/${product.categoryId}`, `/search?q=${encodeURIComponent(word)}`, `/p/${product.id}`, `/s/${product.storeId}`, '/cart', '/checkout',
      '/orders', `/orders/${shipped.id}`, `/orders/${paid.id}`, '/after-sales', `/after-sales/${request.id}`,
      '/gifts', '/gifts?tab=received', `/gifts/${sent.gift.id}`, gift.sharePath, `/gift/new?product=${product.id}`, '/profile',
    ];
  });

  for (const lang of ['en', 'zh', 'vi'] as Lang[]) {
    it(`fit in ${lang}, signed in and signed out, with the language switcher beside the logo`, async () => {
      const problems: string[] = [];
      const visit = async (page: Page, path: string, who: string) => {
        await page.goto(`${e2e.server.url}${path}`);
        await settled(page);
        const o = await overflow(page);
        if (o.width > PHONE_360.width) {
          problems.push(`${who} ${path}: ${o.width} px wide (${o.culprits.join(', ')})`);
          await shot(page, `phone-${lang}-${who}-${path.replace(/\W+/g, '-')}`);
        }
        if (await switcherOverLogo(page)) problems.push(`${who} ${path}: the language switcher overlaps the logo`);
      };
      const out = await pageAs(e2e, lang, null, PHONE_360);
      for (const path of signedOut) await visit(out, path, 'signed-out');
      const buyer = await pageAs(e2e, lang, 'lin@trio.demo', PHONE_360);
      for (const path of signedIn) await visit(buyer, path, 'lin');
      await out.context().close();
      await buyer.context().close();
      expect(problems).toEqual([]);
    });
  }
});
