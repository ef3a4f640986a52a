// Linking a brand's mini-site to a store, clicked as people would: a brand (English, desktop) creates a mini-site and
// is shown its app secret once; a store's owner (Chinese, phone) invites it by app id; the brand accepts; both
// consoles show the link as linked; then the store ends it, and both consoles' history say the store ended it. The demo's own mini-site (Jade Mountain Tea House) is there too.
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { PHONE, journey, pageAs, settled, shot } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

const e2e = journey('minisite-links');
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));

describe('mini-site links in the browser', () => {
  it('a brand creates a mini-site, a store invites it by app id, the brand accepts, both consoles show linked', async () => {
    const storeToken = await e2e.login('toys@trio.demo');
    const [store] = await e2e.apiAs<{ id: string; name: string }[]>(storeToken, '/api/merchant/stores?limit=200');

    // The brand creates its mini-site; the secret is shown once, with its app id.
    const brand = await pageAs(e2e, 'en', 'digital@trio.demo');
    await brand.goto(`${e2e.server.url}/minisites`);
    await brand.getByRole('link', { name: en.miniSites.create }).first().click();
    await brand.getByLabel(en.miniSites.field.name, { exact: true }).fill('Northwind Gadgets');
    await brand.getByLabel(en.miniSites.field.origins).fill('https://northwind.example\nhttp://localhost:5173');
    await brand.getByLabel(en.miniSites.field.slug, { exact: true }).fill('northwind');
    await brand.getByRole('button', { name: en.miniSites.create }).click();
    const once = brand.getByTestId('secret-once');
    await once.getByText(en.miniSites.secret.once).waitFor();
    const appId = (await once.getByTestId('app-id').textContent())!.trim();
    const secret = await once.getByLabel(en.miniSites.secret.label).inputValue();
    expect(appId).toMatch(/^ms_[0-9a-f]{16}$/);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    await shot(brand, 'minisite-links-01-secret-once');
    await brand.getByRole('link', { name: en.miniSites.open }).click();
    // The creation page shows the app id too: wait until it is gone, then for the mini-site's page.
    await once.waitFor({ state: 'detached' });
    await brand.getByTestId('app-id').getByText(appId).waitFor();
    await settled(brand);
    // Never again: not on the mini-site's page, nor after a reload.
    expect(await brand.content()).not.toContain(secret);
    await brand.reload();
    await settled(brand);
    expect(await brand.content()).not.toContain(secret);

    // The store's owner invites it by app id, on a phone, in Chinese.
    const shop = await pageAs(e2e, 'zh', 'toys@trio.demo', PHONE);
    await shop.goto(`${e2e.server.url}/merchant/stores/${store.id}`);
    await shop.getByRole('navigation', { name: zh.merchant.store.sections }).getByRole('link', { name: zh.miniSites.store.tab, exact: true }).click();
    await shop.getByLabel(zh.miniSites.store.appId).fill(appId);
    await shop.getByRole('button', { name: zh.miniSites.store.invite, exact: true }).click();
    await shop.getByRole('status').getByText(fill(zh.miniSites.store.invited, { name: 'Northwind Gadgets' })).waitFor();
    await shop.getByTestId('link-row').filter({ hasText: 'Northwind Gadgets' }).getByTestId('link-state').getByText(zh.miniSites.state.pending).waitFor();
    expect(await shop.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(shop, 'minisite-links-02-invited');

    // The brand sees the invitation and accepts it.
    await brand.getByRole('link', { name: en.miniSites.tabs.links }).click();
    await brand.getByRole('button', { name: fill(en.miniSites.moves.one.accept, { name: store.name }) }).click();
    await brand.getByRole('status').getByText(fill(en.miniSites.moves.done.accept, { name: 'Northwind Gadgets', store: store.name })).waitFor();
    await brand.getByTestId('link-row').filter({ hasText: store.name }).getByTestId('link-state').getByText(en.miniSites.state.linked).waitFor();
    await shot(brand, 'minisite-links-03-accepted');

    // Both consoles show it linked.
    await shop.reload();
    await shop.getByTestId('link-row').filter({ hasText: 'Northwind Gadgets' }).getByTestId('link-state').getByText(zh.miniSites.state.linked).waitFor({ timeout: WAIT_MS });
    await shot(shop, 'minisite-links-04-linked');
    await brand.goto(`${e2e.server.url}/minisites`);
    await brand.getByRole('row').filter({ hasText: 'Northwind Gadgets' }).getByRole('cell', { name: '1', exact: true }).first().waitFor();

    // The store ends the link: its history, and the brand's, say which side ended it.
    await shop.getByRole('button', { name: fill(zh.miniSites.moves.one.unlink, { name: 'Northwind Gadgets' }) }).click();
    await shop.getByRole('dialog').getByRole('button', { name: zh.miniSites.moves.unlink, exact: true }).click();
    await shop.getByTestId('link-row').filter({ hasText: 'Northwind Gadgets' }).getByTestId('link-ended-side').getByText(zh.miniSiteRules.endedBy.store).waitFor();
    await shot(shop, 'minisite-links-05-ended-by-store');
    const [northwind] = await e2e.apiAs<{ id: string }[]>(await e2e.login('digital@trio.demo'), '/api/minisites');
    await brand.goto(`${e2e.server.url}/minisites/${northwind.id}/links`);
    await brand.getByTestId('link-row').filter({ hasText: store.name }).getByTestId('link-ended-side').getByText(en.miniSiteRules.endedBy.store).waitFor();

    // The demo's brand mini-site is linked to the tea shop.
    const teaToken = await e2e.login('tea@trio.demo');
    const [demoSite] = await e2e.apiAs<{ id: string; linkedStores: number; allowedOrigins: string[] }[]>(teaToken, '/api/minisites');
    expect(demoSite).toMatchObject({ linkedStores: 1 });
    expect(demoSite.allowedOrigins).toContain('http://localhost:3001');
  });
});
