// The store's Gift activities page, clicked as a merchant would on a phone: the tab is in the store's console, the
// list starts empty with its explanation, and a new activity is made for the demo brand's mini-site (linked with the
// tea store in the demo data): a product's variant with its pool, then the activity is in the list. The page fits a phone.
import { describe, expect, it } from 'vitest';
import { en as t } from '../../web/src/i18n/en.ts';
import { PHONE, journey, shot, signInThroughForm } from './harness.ts';

const e2e = journey('coopgifts');

describe('gift activities in the browser', () => {
  it('the merchant finds the Gift activities page, its empty state and what a new activity needs', async () => {
    const token = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string }[]>(token, '/api/merchant/stores?limit=200');
    const merchant = await e2e.newPage(PHONE);
    await signInThroughForm(merchant, e2e.server, 'tea@trio.demo', '/merchant');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}`);
    await merchant.getByRole('link', { name: t.coopGifts.tab }).click();
    await merchant.getByRole('heading', { name: t.coopGifts.title }).waitFor();
    await merchant.getByText(t.coopGifts.emptyTitle).waitFor();
    expect(await merchant.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(merchant, 'coopgifts-01-empty');
    await merchant.getByRole('button', { name: `+ ${t.coopGifts.add}` }).click();
    const dialog = merchant.getByRole('dialog');
    await dialog.getByLabel(t.coopGifts.miniSite).waitFor();
    await dialog.getByLabel(t.coopGifts.titleEn).fill('Spring tea for our fans');
    await dialog.getByLabel(t.coopGifts.product).selectOption({ index: 1 });
    await dialog.getByRole('list', { name: t.coopGifts.variant }).locator('button:not([disabled])').first().click();
    await shot(merchant, 'coopgifts-02-new');
    await dialog.getByRole('button', { name: t.coopGifts.create }).click();
    await merchant.getByText('Spring tea for our fans').first().waitFor();
    await shot(merchant, 'coopgifts-03-created');
  });
});
