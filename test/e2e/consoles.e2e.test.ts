// The rest of the consoles, clicked through on the demo data: the operator's bulk change, category edit, rejection
// and document download; the merchant's API keys, staff and closing; the buyer's storefront and profile; an
// expired session.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en as t } from '../../web/src/i18n/en.ts';
import { DEMO_LOGINS } from '../../src/demo/logins.ts';
import { DEMO_PASSWORD, PHONE, journey, shot, signInThroughForm } from './harness.ts';

const e2e = journey('consoles');

const signIn = (page: Page, email: string, home: string) => signInThroughForm(page, e2e.server, email, home);

const toast = (page: Page, text: string | RegExp) => page.getByRole('status').getByText(text).waitFor();

describe('operator console', () => {
  it('bulk-opens a paused category with a preview, and edits one category', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'operator@trio.demo', '/operator');
    await page.getByRole('link', { name: t.operator.nav.categories }).click();

    // Paused categories under Jewellery: select what is shown, preview, apply.
    await page.getByLabel(t.operator.categories.policyFilter).selectOption('paused');
    await page.getByLabel(t.operator.categories.rootFilter).selectOption({ label: 'Jewellery' });
    await page.getByRole('checkbox', { name: 'Select Investment Gold Bars' }).waitFor();
    await page.getByRole('button', { name: /^Select (the|all) \d+ shown$/ }).click();
    await page.getByText('1 category selected').waitFor();
    await page.getByLabel(t.operator.bulk.action).selectOption('set_policy');
    await page.getByLabel(t.operator.bulk.newPolicy).selectOption('open');
    await page.getByRole('button', { name: t.operator.bulk.preview }).click();
    const dialog = page.getByRole('dialog', { name: t.operator.bulk.previewTitle });
    await dialog.getByRole('row').filter({ hasText: 'Investment Gold Bars' }).getByText('Policy: Open access').waitFor();
    await shot(page, 'console-01-bulk-preview');
    await dialog.getByRole('button', { name: 'Apply 1 change' }).click();
    await toast(page, '1 category changed.');
    await page.getByText(t.operator.categories.noMatch).waitFor();

    // A deposit cut above 50 % is refused before it reaches the server.
    await page.getByRole('button', { name: t.common.clearFilters }).click();
    await page.getByLabel(t.operator.categories.search).fill('Dresses');
    await page.getByRole('checkbox', { name: 'Select Dresses' }).check();
    await page.getByLabel(t.operator.bulk.action).selectOption('cut_deposit');
    await page.getByLabel(/^Cut/).fill('60');
    await page.getByRole('button', { name: t.operator.bulk.preview }).click();
    await page.getByText('Enter a cut between 0.01 and 50 %').waitFor();

    // Edit one category's deposit.
    await page.getByRole('button', { name: 'Edit Dresses' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Dresses' });
    await edit.getByLabel(t.operator.edit.deposit).fill('4000');
    await edit.getByRole('button', { name: t.common.save }).click();
    await toast(page, 'Dresses saved.');
    await page.getByRole('row').filter({ hasText: 'apparel.womens.dresses' }).getByText('CN¥4,000').waitFor();

    // Both changes are in the audit log.
    await page.getByRole('link', { name: t.operator.nav.audit }).click();
    const entries = page.getByRole('list', { name: t.audit.title }).getByRole('listitem');
    await entries.filter({ hasText: t.audit.action.category_bulk_set_policy }).first().waitFor();
    const edited = entries.filter({ hasText: t.audit.action.category_update }).first();
    expect(await edited.textContent()).toMatch(/deposit\s*null\s*→\s*CN¥4,000/);
  });

  it('opens a document and rejects an application with a reason', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'operator@trio.demo', '/operator');
    const card = page.getByRole('article', { name: 'Lotus Fashion Hà Nội' });
    const [popup] = await Promise.all([page.waitForEvent('popup'), card.getByRole('button', { name: /Precious Metal Assay Report/ }).click()]);
    await popup.waitForURL(/^blob:/);
    await popup.close();
    // Lotus Fashion is its entity's first store: the card says so, and its demo licence opens as a real PDF.
    await card.getByText(t.storeChecks.reason.first_store_of_entity).waitFor();
    const [licence] = await Promise.all([page.waitForEvent('popup'), card.getByRole('button', { name: new RegExp(t.storeChecks.document.business_licence) }).click()]);
    await licence.waitForURL(/^blob:/);
    expect(await licence.evaluate(() => document.contentType)).toBe('application/pdf');
    await licence.close();

    await card.getByRole('button', { name: t.operator.queue.reject }).click();
    await card.getByLabel(t.operator.queue.reasonLabel).fill('The assay report has expired: upload one from this year.');
    await card.getByRole('button', { name: t.operator.queue.confirmReject }).click();
    await toast(page, /^Rejected: Gold Jewellery/);
    await card.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: t.status.application.rejected }).click();
    await page.getByRole('article', { name: 'Lotus Fashion Hà Nội' }).getByText('The assay report has expired').waitFor();
  });
});

describe('closing by the platform', () => {
  it('the operator closes a store, the merchant cannot reopen it, the operator reinstates it', async () => {
    const op = await e2e.newPage();
    await signIn(op, 'operator@trio.demo', '/operator');
    await op.getByRole('navigation', { name: t.common.sections }).getByRole('link', { name: t.operator.nav.stores }).click();
    await op.getByRole('link', { name: 'Northwind Digital' }).click();
    await op.getByRole('button', { name: t.operator.store.close }).click();
    await op.getByRole('dialog').getByRole('button', { name: t.operator.store.close }).click();
    await op.getByRole('heading', { name: new RegExp(`Northwind Digital\\s+${t.status.store.closing}`) }).waitFor();

    const merchant = await e2e.newPage();
    await signIn(merchant, 'digital@trio.demo', '/merchant');
    await merchant.getByRole('link', { name: /Northwind Digital/ }).click();
    await merchant.getByText(t.merchant.store.statusText.closingByOperator).waitFor();
    expect(await merchant.getByRole('button', { name: t.merchant.store.event.reopen }).count()).toBe(0);

    await op.getByRole('button', { name: t.operator.store.reinstate }).click();
    await op.getByRole('dialog').getByRole('button', { name: t.operator.store.reinstate }).click();
    await op.getByRole('heading', { name: new RegExp(`Northwind Digital\\s+${t.status.store.open}`) }).waitFor();
  });
});

describe('merchant console', () => {
  it('sees the rejection, manages API keys and staff, closes and reopens the store', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'fashion@trio.demo', '/merchant');
    await page.getByRole('link', { name: /Lotus Fashion/ }).click();
    await page.getByRole('row').filter({ hasText: 'Gold Jewellery' }).getByText(t.status.application.rejected).waitFor();
    await page.getByText('The assay report has expired').first().waitFor();

    // An API key is shown once, then listed by its prefix, then revoked.
    await page.getByRole('link', { name: t.merchant.store.tabs.apiKeys }).click();
    await page.getByText(t.merchant.keys.empty).waitFor();
    await page.getByLabel(t.merchant.keys.name).fill('ERP sync');
    await page.getByRole('checkbox', { name: t.permission['orders.read'] }).check();
    await page.getByRole('button', { name: t.merchant.keys.create }).click();
    const key = await page.getByLabel(t.merchant.keys.value, { exact: true }).textContent();
    expect(key).toMatch(/^trk_/);
    await shot(page, 'console-02-api-key');
    await page.getByRole('button', { name: t.merchant.keys.done }).click();
    await page.getByRole('button', { name: 'Revoke ERP sync' }).click();
    await page.getByRole('dialog').getByRole('button', { name: t.merchant.keys.revoke }).click();
    await toast(page, 'Key "ERP sync" revoked.');
    await page.getByRole('row').filter({ hasText: 'ERP sync' }).getByText(/^Revoked/).waitFor();

    // Staff: another merchant account is invited with a role (it joins once it accepts: test/e2e/staff.e2e.test.ts).
    await page.getByRole('link', { name: t.merchant.store.tabs.staff }).click();
    await page.getByLabel(t.merchant.staff.email).fill('digital@trio.demo');
    await page.getByLabel(t.merchant.staff.roleLabel, { exact: true }).selectOption('finance');
    await page.getByRole('button', { name: t.merchant.staff.inviteButton }).click();
    await page.getByRole('list', { name: t.merchant.staff.pending }).getByRole('listitem').filter({ hasText: 'digital@trio.demo' }).getByText(t.merchant.staff.role.finance).waitFor();

    // Close the store, then reopen it.
    const status = (s: string) => page.getByRole('heading', { name: new RegExp(`^${t.merchant.store.status}\\s+${s}$`) });
    await status(t.status.store.open).waitFor();
    await page.getByRole('button', { name: t.merchant.store.event.request_close }).click();
    await page.getByRole('dialog').getByRole('button', { name: t.merchant.store.event.request_close }).click();
    await status(t.status.store.closing).waitFor();
    await page.getByRole('button', { name: t.merchant.store.event.reopen }).click();
    await page.getByRole('dialog').getByRole('button', { name: t.merchant.store.event.reopen }).click();
    await status(t.status.store.open).waitFor();
  });
});

describe('storefront', () => {
  it('a buyer browses the categories on a phone and edits the profile', async () => {
    // The sign-in page lists every demo account; choosing one fills in the form.
    const page = await e2e.newPage(PHONE);
    await page.goto(`${e2e.server.url}/signin`);
    await page.getByText(t.auth.demo.title.replace('{{count}}', String(DEMO_LOGINS.length))).click();
    for (const l of DEMO_LOGINS) await page.getByRole('button', { name: t.auth.demo.use.replace('{{email}}', l.email) }).waitFor();
    await shot(page, 'console-03a-signin-demo-accounts-phone');
    await page.getByRole('button', { name: t.auth.demo.use.replace('{{email}}', 'lin@trio.demo') }).click();
    expect(await page.getByLabel(t.auth.password).inputValue()).toBe(DEMO_PASSWORD);
    await page.getByRole('button', { name: t.auth.signIn, exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByText('Hello, Lin Xiaoyu').waitFor();
    await page.getByRole('link', { name: /Food & Beverages/ }).click();
    await page.getByRole('link', { name: /Green Tea/ }).click();
    // Green tea has the demo store's products now (the catalog journey covers them).
    await page.getByRole('list', { name: t.catalog.shop.products }).getByRole('link').first().waitFor();
    await shot(page, 'console-03-shop-category-products');

    await page.getByRole('link', { name: t.shop.tabs.me, exact: true }).click();
    const city = page.getByRole('textbox', { name: new RegExp(`^${t.profile.city}`) });
    const tier = page.getByRole('combobox', { name: new RegExp(`^${t.profile.cityTier}`) });
    await city.fill('Hangzhou');
    await tier.selectOption('new_tier_1');
    await page.getByRole('spinbutton', { name: new RegExp(`^${t.profile.birthYear}`) }).fill('1995');
    await page.getByRole('button', { name: t.profile.save }).click();
    await toast(page, t.profile.saved);
    await page.reload();
    expect(await city.inputValue()).toBe('Hangzhou');
    expect(await tier.inputValue()).toBe('new_tier_1');
    const me = await page.evaluate(async () => {
      const token = JSON.parse(localStorage.getItem('trio.session')!).token;
      return (await fetch('/api/me', { headers: { authorization: `Bearer ${token}` } })).json();
    });
    expect(me).toMatchObject({ city: 'Hangzhou', cityTier: 'new_tier_1', birthYear: 1995 });
  });

  it('an expired session leads back to sign-in with an explanation', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'operator@trio.demo', '/operator');
    await page.getByRole('heading', { name: t.operator.queue.title }).waitFor();
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('trio.session')!);
      localStorage.setItem('trio.session', JSON.stringify({ ...s, token: 'trs_revoked' }));
    });
    await page.reload();
    await page.waitForURL(/\/signin/);
    await page.getByText(t.auth.sessionExpired).waitFor();
  });
});
