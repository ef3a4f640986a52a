// Store and storefront homes, clicked as people would: the operator sets a CNY→VND rate on the console screen; the
// tea merchant's store opens on its home, whose cards open the lists filtered to what they count; a buyer's home
// shows rows of products, and in Vietnamese on a phone each price carries its approximate amount in VND.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en, type Messages } from '../../web/src/i18n/en.ts';
import { vi } from '../../web/src/i18n/vi.ts';
import { DEMO_PASSWORD, PHONE, journey, shot } from './harness.ts';

const e2e = journey('home');

async function signIn(page: Page, t: Messages, email: string) {
  await page.goto(`${e2e.server.url}/signin`);
  await page.getByLabel(t.auth.email).fill(email);
  await page.getByLabel(t.auth.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: t.auth.signIn, exact: true }).click();
}

describe('homes in the browser', () => {
  it('merchant home cards open filtered lists; the buyer home shows products; a vi buyer sees ≈ VND', async () => {
    // The operator sets 1 CNY = 3450.25 VND on the console's exchange-rate screen.
    const operator = await e2e.newPage();
    await signIn(operator, en, 'operator@trio.demo');
    await operator.waitForURL('**/operator/**');
    await operator.getByRole('link', { name: en.rates.nav }).click();
    await operator.getByLabel(en.rates.rate, { exact: true }).fill('3450.25');
    await operator.getByRole('button', { name: en.rates.set }).click();
    await operator.getByRole('cell', { name: '3450.25' }).waitFor();
    // And 1 CNY = 0.14 USD, which buyers may then choose.
    await operator.getByLabel(en.rates.to, { exact: true }).selectOption('USD');
    await operator.getByLabel(en.rates.rate, { exact: true }).fill('0.14');
    await operator.getByRole('button', { name: en.rates.set }).click();
    await operator.getByRole('cell', { name: '0.14' }).waitFor();

    // The merchant's store opens on its home; each card opens its list, filtered.
    const merchant = await e2e.newPage();
    await signIn(merchant, en, 'tea@trio.demo');
    await merchant.waitForURL('**/merchant');
    await merchant.getByRole('link', { name: /Jade Mountain Tea/ }).first().click();
    await merchant.getByRole('heading', { name: en.dashboard.title, level: 2 }).waitFor();
    await shot(merchant, 'home-01-merchant-dashboard');
    const storeUrl = merchant.url();
    await merchant.getByTestId('dash-toShip').click();
    await merchant.waitForURL(/\/orders\?state=awaiting_shipment$/);
    await merchant.getByRole('table').or(merchant.getByText(en.orders.merchant.noMatch)).first().waitFor();
    await merchant.goto(storeUrl);
    await merchant.getByTestId('dash-lowStock').click();
    await merchant.waitForURL(/\/products\?lowStock=5$/);
    expect(await merchant.getByLabel(en.catalog.merchant.lowStockOnly.replace('{{count}}', '5')).isChecked()).toBe(true);
    await merchant.goto(storeUrl);
    await merchant.getByTestId('dash-reviewFailed').click();
    await merchant.waitForURL(/\/products\?draftState=review_failed$/);
    expect(await merchant.getByLabel(en.catalog.merchant.draftState, { exact: true }).inputValue()).toBe('review_failed');

    // A buyer on a phone in Vietnamese: rows of product cards, each price with its approximate amount in VND.
    const buyer = await e2e.newPage(PHONE);
    await buyer.goto(e2e.server.url);
    await buyer.getByRole('heading', { name: en.home.newArrivals }).waitFor();
    await buyer.getByRole('combobox', { name: en.common.language }).selectOption('vi');
    const row = buyer.getByRole('region', { name: vi.home.newArrivals });
    await row.waitFor();
    const approx = row.locator('.approx').first();
    await approx.waitFor();
    expect((await approx.textContent())?.replace(/[\u00a0\u202f]/g, ' ')).toMatch(/^≈ \d{1,3}(\.\d{3})+ ₫/);
    expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(buyer, 'home-02-buyer-home-vi-phone');

    // The visitor chooses no approximate prices beside the language: they go, and stay gone after a reload.
    const currency = buyer.getByRole('combobox', { name: vi.approx.choose });
    await currency.selectOption('none');
    await expect.poll(() => row.locator('.approx').count()).toBe(0);
    await buyer.reload();
    await row.getByRole('link').first().waitFor();
    expect(await currency.inputValue()).toBe('none');
    expect(await row.locator('.approx').count()).toBe(0);
    // Then US dollars: ≈ US$ beside each price, still in Vietnamese.
    await currency.selectOption('USD');
    await expect.poll(async () => (await row.locator('.approx').first().textContent()) ?? '').toMatch(/US\$/);

    // A signed-in buyer saves the choice on the account from the profile; the home then reads ≈ USD in English.
    const emma = await e2e.newPage(PHONE);
    await signIn(emma, en, 'emma@trio.demo');
    await emma.waitForURL((u) => !u.pathname.startsWith('/signin'));
    await emma.goto(`${e2e.server.url}/profile`);
    await emma.getByRole('main').getByLabel(en.approx.choose).selectOption('USD');
    await emma.getByRole('button', { name: en.profile.save }).click();
    await emma.getByText(en.profile.saved).waitFor();
    await emma.goto(e2e.server.url);
    const emmaRow = emma.getByRole('region', { name: en.home.newArrivals });
    await expect.poll(async () => (await emmaRow.locator('.approx').first().textContent()) ?? '').toMatch(/\$/);
    expect(await emma.getByTestId('currency-switch').inputValue()).toBe('USD');

    // Emma follows the tea store from its page: her home then starts with its newest products.
    expect(await emma.getByRole('region', { name: en.home.following_one }).count()).toBe(0);
    const tea = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string; name: string }[]>(tea, '/api/merchant/stores?limit=200');
    await emma.goto(`${e2e.server.url}/s/${store.id}`);
    await emma.getByRole('button', { name: en.service.follow.follow }).click();
    await emma.getByText(en.service.follow.followed.replace('{{store}}', store.name)).waitFor();
    await emma.locator('a.brand').click();
    const followed = emma.getByRole('region', { name: en.home.following_one });
    await followed.getByRole('link').first().waitFor();
    const newest = await e2e.apiAs<{ id: string; title: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=1`);
    await followed.getByText(newest[0].title, { exact: true }).first().waitFor();
    expect(await emma.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(emma, 'home-03-followed-stores-row');
  });
});
