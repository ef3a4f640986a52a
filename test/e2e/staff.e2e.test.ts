// Store staff, clicked as people would: the tea shop's owner (in Chinese) invites a merchant account as customer
// service; the invitee (in English) sees the invitation under My stores and accepts it; in the store they see and
// open the after-sales queue, but no button to close the store and no API keys tab, and products only to look at;
// the owner sees them as a member.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en, type Messages } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { DEMO_PASSWORD, journey, shot } from './harness.ts';

const e2e = journey('staff');
const STORE = /Jade Mountain Tea/;

async function signIn(page: Page, t: Messages, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${e2e.server.url}/signin`);
  if (t !== en) await page.getByRole('combobox', { name: en.common.language }).selectOption('zh');
  await page.getByLabel(t.auth.email).fill(email);
  await page.getByLabel(t.auth.password).fill(password);
  await page.getByRole('button', { name: t.auth.signIn, exact: true }).click();
  await page.waitForURL('**/merchant');
}

describe('store staff in the browser', () => {
  it('the owner invites (zh), the invitee accepts, customer service sees after-sales but cannot close the store', async () => {
    const email = `cs-${randomBytes(4).toString('hex')}@test.trio`;
    const reg = await fetch(`${e2e.server.url}/api/auth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery', displayName: 'Mai Service', role: 'merchant' }),
    });
    expect(reg.status).toBe(201);

    // The owner invites them as customer service.
    const owner = await e2e.newPage();
    await signIn(owner, zh, 'tea@trio.demo');
    await owner.getByRole('link', { name: STORE }).first().click();
    await owner.getByRole('navigation', { name: zh.merchant.store.sections }).getByRole('link', { name: zh.merchant.store.tabs.staff }).click();
    await owner.getByLabel(zh.merchant.staff.email).fill(email);
    await owner.getByLabel(zh.merchant.staff.roleLabel, { exact: true }).selectOption('customer_service');
    await owner.getByRole('button', { name: zh.merchant.staff.inviteButton }).click();
    const pending = owner.getByRole('list', { name: zh.merchant.staff.pending }).getByRole('listitem').filter({ hasText: email });
    await pending.getByText(zh.merchant.staff.role.customer_service).waitFor();
    await shot(owner, 'staff-01-owner-invites-zh');

    // The invitee accepts under My stores.
    const cs = await e2e.newPage();
    await signIn(cs, en, email, 'correct horse battery');
    const invitations = cs.getByRole('region', { name: en.merchant.invitations.title });
    await invitations.getByText(/Jade Mountain Tea/).waitFor();
    await shot(cs, 'staff-02-invitee-sees-invitation');
    await invitations.getByRole('button', { name: /^Accept the invitation of Jade Mountain Tea/ }).click();
    await cs.getByRole('link', { name: STORE }).first().click();

    // Customer service: the after-sales queue, but not closing the store nor the API keys.
    const tabs = cs.getByRole('navigation', { name: en.merchant.store.sections });
    await tabs.getByRole('link', { name: en.aftersales.merchant.tab }).click();
    await cs.getByRole('heading', { name: en.aftersales.merchant.title, level: 2, exact: true }).waitFor();
    // The window is shown (loaded), but without the form to change it.
    await cs.getByText(/^Buyers may ask for after-sales \d+ days after receipt/).waitFor();
    expect(await cs.getByRole('button', { name: en.merchant.store.event.request_close }).count()).toBe(0);
    expect(await tabs.getByRole('link', { name: en.merchant.store.tabs.apiKeys }).count()).toBe(0);
    // Nor may they change the after-sales window: the form is not there.
    expect(await cs.getByRole('button', { name: en.aftersales.window.save }).count()).toBe(0);
    await shot(cs, 'staff-03-customer-service-after-sales');

    // Nor may they change products: no new product, no price change or channel switch, a product's draft read-only.
    await tabs.getByRole('link', { name: en.catalog.merchant.tab }).click();
    await cs.getByRole('heading', { name: en.catalog.merchant.title, level: 2 }).waitFor();
    await cs.getByRole('table').waitFor();
    await cs.getByText(en.catalog.rights.write).waitFor();
    await cs.getByText(en.catalog.rights.channels).waitFor();
    expect(await cs.getByRole('main').getByRole('link', { name: en.catalog.merchant.new }).count()).toBe(0);
    expect(await cs.getByRole('heading', { name: en.catalog.bulk.title }).count()).toBe(0);
    expect(await cs.getByRole('switch').first().isDisabled()).toBe(true);
    await cs.getByRole('table').getByRole('rowheader').first().getByRole('link').click();
    await cs.getByText(en.catalog.rights.price).waitFor();
    expect(await cs.getByLabel(en.catalog.editor.title, { exact: true }).isDisabled()).toBe(true);
    for (const name of [en.catalog.editor.saveDraft, en.catalog.editor.delist, en.catalog.editor.submit, en.catalog.skus.changePrice, en.catalog.skus.adjustStock]) {
      expect(await cs.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    await shot(cs, 'staff-04-customer-service-product-read-only');

    // The owner sees them as a member with that role, and the invitation is no longer waiting.
    await owner.reload();
    await owner.getByRole('combobox', { name: zh.merchant.staff.roleOf.replace('{{name}}', 'Mai Service') }).waitFor();
    expect(await owner.getByRole('combobox', { name: zh.merchant.staff.roleOf.replace('{{name}}', 'Mai Service') }).inputValue()).toBe('customer_service');
    await owner.getByText(zh.merchant.staff.noPending).waitFor();
  });
});
