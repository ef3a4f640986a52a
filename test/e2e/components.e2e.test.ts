// The components on a brand's own site, in Chromium: the demo host page (examples/host-page) is served by npm start's
// demo mode on another origin (its own port) and embeds Trio with one script tag. The product card shows the price;
// the tea merchant changes it through the API and the open card shows the new price without a reload; a card for a
// store the site is not linked with shows the not-linked state, and the page heard enter-error with not_linked.
import { describe, expect, it } from 'vitest';
import { journey, shot, PHONE } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

/** The host page's port for this run (another origin than Trio's). */
const HOST_PORT = 20000 + (process.pid % 20000);
const e2e = journey('components', { env: { TRIO_DEMO_HOST_PORT: String(HOST_PORT) } });
const digits = (s: string | null) => (s ?? '').replace(/\D/g, '');

describe('store components on a brand’s site', () => {
  it('the card shows the price, then the merchant’s new price without reload; an unlinked store’s card is refused', async () => {
    const hostPage = `http://127.0.0.1:${HOST_PORT}/`;
    expect(new URL(hostPage).origin).not.toBe(new URL(e2e.server.url).origin);
    const page = await e2e.newPage();
    await page.goto(hostPage);
    // A mark that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    const card = page.locator('#card-1');
    const price = card.getByTestId('price');
    await price.waitFor({ timeout: WAIT_MS });
    const productId = await card.getAttribute('product-id');
    const shown = await price.textContent();
    expect(digits(shown)).not.toBe('');
    await expect.poll(() => card.getByRole('link', { name: /^Buy / }).getAttribute('href')).toContain(`/p/${productId}?via=`);

    // The other cards: the store card with its name, the demo coupon's claim (opening Trio's coupon page), the gift activity absent.
    await page.locator('#store').getByRole('link', { name: 'Visit the store' }).waitFor();
    const claim = page.locator('#coupon').getByRole('link', { name: /^Claim .*Tea house welcome/ });
    await claim.waitFor();
    expect(await claim.getAttribute('href')).toContain('/coupon/');
    await page.locator('#gift').getByText('Not available').waitFor();

    // The unlinked store's card: refused by the server, said so on the card and to the page.
    await page.locator('#card-unlinked').getByText('the site is not linked with its store', { exact: false }).waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { trioEvents: { card: string; type: string; code: string }[] }).trioEvents), { timeout: WAIT_MS })
      .toContainEqual({ type: 'enter-error', card: 'card-unlinked', code: 'not_linked', message: expect.any(String) });
    await shot(page, 'components-01-host-page');

    // The merchant makes the cheapest SKU cheaper, by a whole yuan amount.
    const token = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string }[]>(token, '/api/merchant/stores?limit=200');
    const product = await e2e.apiAs<{ skus: { id: string; price: number; stock: number }[] }>(null, `/api/storefront/products/${productId}?channel=mini_site`);
    const cheapest = [...product.skus].filter((s) => s.stock > 0).sort((a, b) => a.price - b.price)[0];
    const newPrice = Math.max(100, Math.floor(cheapest.price / 100) * 100 - 100);
    const res = await fetch(`${e2e.server.url}/api/merchant/stores/${store.id}/skus/${cheapest.id}/price`, {
      method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ price: newPrice }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await expect.poll(async () => digits(await price.textContent()), { timeout: WAIT_MS }).toBe(String(newPrice / 100));
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await shot(page, 'components-02-new-price');

    // The same page in Chinese, on a phone: the cards follow the page's language.
    const zh = await e2e.newPage(PHONE);
    await zh.goto(`${hostPage}?lang=zh`);
    await zh.locator('#card-1').getByRole('link', { name: /购买/ }).waitFor({ timeout: WAIT_MS });
    expect(await zh.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(zh, 'components-03-zh-phone');
  });
});
