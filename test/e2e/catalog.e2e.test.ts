// The catalog, clicked as people would: the tea merchant creates a product with two SKUs (250 g and 500 g) and
// submits it; the operator (in Chinese) passes it in the product review queue; a buyer (in Vietnamese, on a phone)
// finds it by searching without accents and sees both SKU prices; the merchant changes one price with the one-click
// action; the product page shows the new price in the store channel and in the mini-site channel.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en, type Messages } from '../../web/src/i18n/en.ts';
import { vi } from '../../web/src/i18n/vi.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { DEMO_PASSWORD, DESKTOP, PHONE, journey, shot } from './harness.ts';

type Names = { en: string; zh: string; vi: string };
type Node = { id: number; code: string; names: Names; children: Node[] };

const e2e = journey('catalog');
const categories = new Map<string, Node>();

beforeAll(async () => {
  const tree = (await (await fetch(`${e2e.server.url}/api/categories`)).json()) as { categories: Node[] };
  const walk = (n: Node) => {
    categories.set(n.code, n);
    n.children.forEach(walk);
  };
  tree.categories.forEach(walk);
});

async function switchLanguage(page: Page, from: Messages, lang: 'en' | 'zh' | 'vi') {
  await page.getByRole('combobox', { name: from.common.language }).selectOption(lang);
}

async function signIn(page: Page, t: Messages, email: string) {
  await page.goto(`${e2e.server.url}/signin`);
  await page.getByLabel(t.auth.email).fill(email);
  await page.getByLabel(t.auth.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: t.auth.signIn, exact: true }).click();
}

const money = (tag: string, fen: number) => new Intl.NumberFormat(tag, { style: 'currency', currency: 'CNY', minimumFractionDigits: fen % 100 === 0 ? 0 : 2 }).format(fen / 100);
/** Intl puts narrow no-break spaces in some locales; compare on plain spaces. */
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

describe('catalog in the browser', () => {
  it('merchant creates and submits, operator passes (zh), buyer finds it (vi, phone), one-click price change reaches both channels', async () => {
    const id = randomBytes(4).toString('hex');
    const title = `Trà Mây Núi ${id}`;
    const greenTea = categories.get('food.tea.green_tea')!;

    // The merchant creates a product with two SKUs in the store's approved green tea category.
    const merchant = await e2e.newPage();
    await signIn(merchant, en, 'tea@trio.demo');
    await merchant.waitForURL('**/merchant');
    await merchant.getByRole('link', { name: /Jade Mountain Tea/ }).first().click();
    await merchant.getByRole('navigation', { name: en.merchant.store.sections }).getByRole('link', { name: en.catalog.merchant.tab }).click();
    await merchant.getByRole('heading', { name: en.catalog.merchant.title, level: 2 }).waitFor();
    await merchant.getByRole('table').waitFor();
    await shot(merchant, 'catalog-01-merchant-products');
    // Ticking rows makes the bulk price panel start from them; unticking them brings it back to all products.
    const scope = merchant.getByLabel(en.catalog.bulk.scope, { exact: true });
    const checked = (text: string) => scope.locator('option:checked', { hasText: text }).waitFor({ state: 'attached' });
    await checked(en.catalog.bulk.scopeAll);
    const ticks = merchant.getByRole('table').getByRole('checkbox');
    await ticks.nth(0).check();
    await ticks.nth(1).check();
    await checked(en.catalog.bulk.scopeSelected.replace('{{count}}', '2'));
    await ticks.nth(0).uncheck();
    await ticks.nth(1).uncheck();
    await checked(en.catalog.bulk.scopeAll);
    await merchant.getByRole('main').getByRole('link', { name: en.catalog.merchant.new }).first().click();
    await merchant.getByLabel(en.catalog.editor.title, { exact: true }).fill(title);
    await merchant.getByLabel(new RegExp(`^${en.catalog.editor.description}`)).fill('Spring-picked green tea from the misty mountains.\nBright, **sweet** and clean.\n\n- 250g or 500g tin');
    await merchant.getByLabel(en.catalog.merchant.category, { exact: true }).selectOption(String(greenTea.id));
    await merchant.getByLabel('Attribute 1 name').fill('weight');
    await merchant.getByLabel('Attribute 1 values').fill('250g, 500g');
    await merchant.getByLabel('Price (yuan) for weight: 250g').fill('88');
    await merchant.getByLabel('Stock for weight: 250g').fill('20');
    await merchant.getByLabel('Price (yuan) for weight: 500g').fill('158.5');
    await merchant.getByLabel('Stock for weight: 500g').fill('3');
    const png = await sharp({ create: { width: 600, height: 600, channels: 3, background: { r: 46, g: 139, b: 87 } } }).png().toBuffer();
    await merchant.getByLabel(en.catalog.editor.upload).setInputFiles({ name: 'tea.png', mimeType: 'image/png', buffer: png });
    await merchant.getByRole('img', { name: 'Image 1' }).waitFor();
    await shot(merchant, 'catalog-02-merchant-editor');
    await merchant.getByRole('button', { name: en.catalog.editor.create }).click();
    await merchant.waitForURL(/\/products\/[0-9a-f-]{36}$/);
    const productId = merchant.url().split('/').pop()!;
    await merchant.getByRole('button', { name: en.catalog.editor.submit }).click();
    await merchant.getByRole('status').getByText(en.catalog.editor.done.submit).waitFor();
    await merchant.getByText(en.catalog.draft.in_review, { exact: true }).waitFor();
    await shot(merchant, 'catalog-03-merchant-submitted');
    await merchant.setViewportSize(PHONE);
    await shot(merchant, 'catalog-03m-merchant-submitted-phone');
    await merchant.setViewportSize(DESKTOP);

    // The operator, in Chinese, passes it in the product review queue.
    const operator = await e2e.newPage();
    await operator.goto(`${e2e.server.url}/signin`);
    await switchLanguage(operator, en, 'zh');
    await signIn(operator, zh, 'operator@trio.demo');
    await operator.waitForURL('**/operator/applications');
    await operator.getByRole('navigation', { name: zh.common.sections }).getByRole('link', { name: new RegExp(`^${zh.catalog.review.nav}`) }).click();
    const card = operator.getByRole('article', { name: title });
    await card.getByText(money('zh-CN', 15850)).waitFor();
    // The card names the store and shows the description as the buyer will see it, not as Markdown.
    await card.getByRole('link', { name: 'Jade Mountain Tea 翠山茶庄' }).waitFor();
    await card.locator('.rich-text strong', { hasText: 'sweet' }).waitFor();
    await card.getByRole('listitem').filter({ hasText: '250g or 500g tin' }).waitFor();
    expect(await card.getByText('**sweet**').count()).toBe(0);
    await shot(operator, 'catalog-04-operator-review-zh');
    await operator.setViewportSize(PHONE);
    await shot(operator, 'catalog-04m-operator-review-zh-phone');
    await operator.setViewportSize(DESKTOP);
    await card.getByRole('button', { name: `通过 ${title}` }).click();
    await card.waitFor({ state: 'detached' });

    // A buyer on a phone, in Vietnamese, finds it by searching without accents and sees both SKU prices.
    const buyer = await e2e.newPage(PHONE);
    await buyer.goto(e2e.server.url);
    await switchLanguage(buyer, en, 'vi');
    await buyer.getByLabel(vi.catalog.shop.searchProducts).fill(`tra may ${id}`);
    await buyer.getByRole('button', { name: vi.catalog.shop.search, exact: true }).click();
    await buyer.waitForURL(/\/search\?q=/);
    // The results page, not the home (whose rows show the new product too) it replaces.
    await buyer.getByRole('heading', { level: 1, name: new RegExp(id) }).waitFor();
    const result = buyer.getByRole('link', { name: new RegExp(title) });
    await result.waitFor();
    expect(plain(await result.textContent())).toContain(plain(money('vi-VN', 8800)));
    await shot(buyer, 'catalog-05-buyer-search-vi');
    await result.click();
    await buyer.getByRole('heading', { name: title, level: 1 }).waitFor();
    // The rich description: bold stays bold, the list is a list.
    await buyer.locator('.rich-text strong', { hasText: 'sweet' }).waitFor();
    await buyer.getByRole('listitem').filter({ hasText: '250g or 500g tin' }).waitFor();
    const price = buyer.getByTestId('sku-price');
    expect(plain(await price.textContent())).toBe(plain(money('vi-VN', 8800)));
    await buyer.getByText('500g', { exact: true }).click();
    await buyer.waitForFunction((p) => document.querySelector('[data-testid="sku-price"]')?.textContent?.replace(/[\u00a0\u202f]/g, ' ').trim() === p, plain(money('vi-VN', 15850)));
    await shot(buyer, 'catalog-06-buyer-product-vi');

    // The merchant changes the 250 g price with the one-click action.
    await merchant.reload();
    await merchant.getByText(en.catalog.live.listed, { exact: true }).waitFor();
    await merchant.getByRole('button', { name: 'Change price of weight: 250g' }).click();
    await merchant.getByLabel(en.catalog.skus.newPrice).fill('79.90');
    await shot(merchant, 'catalog-07-merchant-change-price');
    await merchant.getByRole('button', { name: en.catalog.skus.savePrice }).click();
    await merchant.getByRole('status').getByText(`Price changed to ${money('en-US', 7990)}.`).waitFor();
    // The list price cell (a member price above it came down to it too, so the row shows the amount twice).
    await merchant.getByRole('region', { name: en.catalog.skus.title }).getByRole('row').filter({ hasText: 'weight: 250g' })
      .locator(`td[data-label="${en.catalog.merchant.price}"]`).getByText(money('en-US', 7990)).waitFor();
    await shot(merchant, 'catalog-08-merchant-price-changed');

    // The storefront shows the new price in the store channel and in the mini-site channel.
    for (const channel of ['store', 'mini_site']) {
      await buyer.goto(`${e2e.server.url}/p/${productId}${channel === 'store' ? '' : `?channel=${channel}`}`);
      await buyer.getByRole('heading', { name: title, level: 1 }).waitFor();
      await buyer.waitForFunction((p) => document.querySelector('[data-testid="sku-price"]')?.textContent?.replace(/[\u00a0\u202f]/g, ' ').trim() === p, plain(money('vi-VN', 7990)));
      await shot(buyer, `catalog-09-buyer-${channel}`);
    }
    await buyer.setViewportSize(DESKTOP);
    await shot(buyer, 'catalog-10-buyer-product-desktop');

    // The operator's link on the product's page opens the product search on it; the operator finds it again by words of
    // its title (no accents typed), delists it for violation from its row (the merchant sees why), then reinstates it.
    const act = (move: 'delist_violation' | 'reinstate') =>
      operator.getByRole('button', { name: zh.moderation.moveOne.replace('{{move}}', zh.moderation.move[move]).replace('{{title}}', title) });
    await operator.goto(`${e2e.server.url}/p/${productId}`);
    await operator.getByRole('link', { name: zh.catalog.enforce.title }).click();
    await act('delist_violation').waitFor();
    await operator.goto(`${e2e.server.url}/operator/products`);
    await operator.getByRole('link', { name: zh.moderation.find }).click();
    await operator.getByLabel(zh.moderation.search).fill(`tra may ${id}`);
    await act('delist_violation').click();
    const dialog = operator.getByRole('dialog');
    await dialog.getByLabel(zh.moderation.reasonLabel).fill('图片与描述不符');
    await dialog.getByRole('button', { name: zh.moderation.move.delist_violation, exact: true }).click();
    await operator.getByRole('status').filter({ hasText: zh.catalog.live.delisted_violation }).first().waitFor();
    await shot(operator, 'catalog-11-operator-product-search');
    await merchant.reload();
    await merchant.getByText(en.catalog.editor.reason.replace('{{reason}}', '图片与描述不符')).waitFor();
    await shot(merchant, 'catalog-11-merchant-delisted-violation');
    await act('reinstate').click();
    await dialog.getByLabel(zh.moderation.reasonLabel).fill('已更正');
    await dialog.getByRole('button', { name: zh.moderation.move.reinstate, exact: true }).click();
    await operator.getByRole('status').filter({ hasText: zh.catalog.live.listed }).first().waitFor();
  });
});
