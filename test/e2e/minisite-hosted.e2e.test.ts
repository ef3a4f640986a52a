// The hosted mini-site, clicked as people would: Jade Mountain Tea's brand manager, whose console speaks Chinese, adds
// a hero banner (Chinese and Vietnamese texts, a picture), a brand story (Chinese only) and a featured product (found
// with the product picker, a search of the linked stores' products) to the brand's site, watching the live preview,
// picks a gift activity of a linked store for a gift section, and publishes (the version and who published it show);
// then a visitor on a phone, in Vietnamese, opens /m/<slug>
// and sees them: the hero in Vietnamese, the story in the site's default language (Chinese), the product card.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { zh } from '../../web/src/i18n/zh.ts';
import { vi } from '../../web/src/i18n/vi.ts';
import { journey, pageAs, postAs, shot } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

const e2e = journey('minisite-hosted');
const SMALL_PHONE = { width: 360, height: 740 };
const t = zh.hostedSite.editor;
/** A price as a Vietnamese reader sees it (minor units written as a decimal string, no floating-point step). */
const vndStyle = (minor: number, currency: string) => {
  const cents = String(minor % 100).padStart(2, '0');
  const whole = cents === '00';
  return new Intl.NumberFormat('vi-VN', { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })
    .format(`${Math.floor(minor / 100)}.${cents}` as unknown as number);
};

describe('hosted mini-site in the browser', () => {
  it('a brand edits its sections in zh and publishes; a phone in vi sees them at /m/<slug>', async () => {
    const token = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string }[]>(token, '/api/merchant/stores?limit=200');
    const [product] = await e2e.apiAs<{ id: string; title: string; minPrice: number; currency: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=1`);
    const site = (await e2e.apiAs<{ miniSite: { id: string; slug: string; name: string } }>(null, '/api/m/jade-mountain')).miniSite;

    const brand = await pageAs(e2e, 'zh', 'tea@trio.demo');
    const row = (title: string) => brand.locator('.section-list > li').filter({ hasText: title });
    await brand.goto(`${e2e.server.url}/minisites/${site.id}/sections`);
    await brand.getByRole('heading', { name: t.title.replace('{{name}}', site.name) }).waitFor();
    await brand.getByTestId('publish-state').getByText(t.state.upToDate).waitFor();

    // The hero: Chinese (the default language), then Vietnamese through the language switch; the preview follows.
    await brand.getByLabel(t.addKind).selectOption('hero');
    await brand.getByRole('button', { name: `+ ${t.add}` }).click();
    await brand.getByLabel(t.titleField, { exact: true }).fill('春茶上新');
    await brand.getByLabel(t.subtitle, { exact: true }).fill('明前龙井，限量');
    await brand.getByTestId('preview').getByRole('heading', { name: '春茶上新' }).waitFor();
    const banner = await sharp({ create: { width: 1200, height: 400, channels: 3, background: '#3a7d5c' } }).png().toBuffer();
    await brand.getByLabel(t.image, { exact: true }).setInputFiles({ name: 'banner.png', mimeType: 'image/png', buffer: banner });
    await brand.getByRole('button', { name: t.removeImage }).waitFor();
    await brand.getByRole('button', { name: t.defaultLanguage.replace('{{lang}}', zh.hostedSite.language.zh) }).waitFor();
    await brand.getByRole('group', { name: t.textsIn }).getByRole('button', { name: zh.hostedSite.language.vi, exact: true }).click();
    await brand.getByText(t.languageMissing).waitFor();
    await brand.getByLabel(t.titleField, { exact: true }).fill('Trà xuân mới về');
    await brand.getByTestId('preview').getByRole('heading', { name: 'Trà xuân mới về' }).waitFor();
    await brand.getByRole('group', { name: t.textsIn }).getByRole('button', { name: t.defaultLanguage.replace('{{lang}}', zh.hostedSite.language.zh) }).click();
    await brand.getByRole('button', { name: t.save }).click();
    await row('春茶上新').waitFor();
    await brand.getByTestId('publish-state').getByText(t.state.changes).waitFor();

    // The story, in Chinese only, in the safe rich text.
    await brand.getByLabel(t.addKind).selectOption('story');
    await brand.getByRole('button', { name: `+ ${t.add}` }).click();
    await brand.getByLabel(t.titleField, { exact: true }).fill('手工制茶');
    await brand.getByLabel(t.body, { exact: true }).fill('## 海拔一千二百米\n每一片叶子都**手工**采摘。');
    await brand.getByRole('button', { name: t.save }).click();
    await row('手工制茶').waitFor();

    // A featured product, found by words of its title in the picker and added.
    const pick = zh.miniSiteRules.picker;
    await brand.getByLabel(t.addKind).selectOption('featured');
    await brand.getByRole('button', { name: `+ ${t.add}` }).click();
    await brand.getByLabel(t.titleField, { exact: true }).fill('新茶推荐');
    await brand.getByText(pick.noneChosen).waitFor();
    await brand.getByLabel(pick.search).fill(product.title);
    await brand.getByRole('button', { name: pick.addOne.replace('{{name}}', product.title) }).click();
    await brand.getByTestId('picked-product').filter({ hasText: product.title }).waitFor();
    await brand.getByRole('button', { name: pick.addOne.replace('{{name}}', product.title) }).getByText(pick.added).waitFor();
    await brand.getByRole('button', { name: t.save }).click();
    await row('新茶推荐').waitFor();

    // A gift section: the activity is chosen from those of the linked stores (grouped by store), not typed.
    const { skus } = await e2e.apiAs<{ skus: { id: string }[] }>(null, `/api/storefront/products/${product.id}`);
    const now = Date.now();
    const activity = await postAs<{ id: string }>(e2e.server, token, `/api/merchant/stores/${store.id}/gift-activities`, {
      miniSiteId: site.id, title: { zh: '春日赠礼', en: 'Spring gifts' }, items: [{ skuId: skus[0].id, pool: 1 }],
      startsAt: new Date(now).toISOString(), endsAt: new Date(now + 7 * 86400_000).toISOString(),
    });
    await brand.getByLabel(t.addKind).selectOption('gift');
    await brand.getByRole('button', { name: `+ ${t.add}` }).click();
    await brand.getByLabel(t.titleField, { exact: true }).fill('品牌礼物');
    await brand.getByLabel(t.activity).selectOption(activity.id);
    await brand.getByRole('button', { name: t.save }).click();
    await row('品牌礼物').waitFor();

    // The new hero goes first: moved up with the keyboard (Alt + arrow up) on its row.
    const heroRow = row('春茶上新');
    const rows = brand.locator('.section-list > li');
    const start = (await rows.allTextContents()).findIndex((text) => text.includes('春茶上新'));
    for (let i = start; i > 0; i--) {
      await heroRow.focus();
      await brand.keyboard.press('Alt+ArrowUp');
      await expect.poll(async () => (await rows.nth(i - 1).textContent()) ?? '', { timeout: WAIT_MS }).toContain('春茶上新');
    }
    await shot(brand, 'minisite-hosted-01-editor-zh');
    await brand.getByRole('button', { name: t.publish, exact: true }).click();
    await brand.getByRole('status').getByText(t.published).waitFor();
    await brand.getByTestId('publish-state').getByText(t.state.upToDate).waitFor();
    const published = await e2e.apiAs<{ publishedVersion: number }>(token, `/api/minisites/${site.id}/sections`);
    await expect.poll(() => brand.getByTestId('published-by').textContent(), { timeout: WAIT_MS }).toContain(String(published.publishedVersion));

    // A visitor on a small phone, in Vietnamese.
    const phone = await pageAs(e2e, 'vi', null, SMALL_PHONE);
    await phone.goto(`${e2e.server.url}/m/${site.slug}`);
    const hero = phone.locator('.hosted-hero').first();
    await hero.getByRole('heading', { name: 'Trà xuân mới về', level: 1 }).waitFor();
    expect(await hero.textContent()).not.toContain('明前龙井');
    expect(await hero.locator('img').getAttribute('src')).toMatch(/^\/api\/m\/images\/[0-9a-f-]+\/large$/);
    await phone.getByRole('heading', { name: '手工制茶' }).waitFor();
    expect(await phone.getByRole('heading', { name: '手工制茶' }).locator('xpath=..').getAttribute('lang')).toBe('zh');
    await phone.getByRole('heading', { name: '海拔一千二百米' }).waitFor();
    await phone.getByRole('heading', { name: '新茶推荐' }).waitFor();
    // The product card is the embeddable <store-product> (Trio's own origin counts as allowed for the mini-site).
    const price = phone.locator(`store-product[product-id="${product.id}"] [part~=price]`);
    await expect.poll(() => price.textContent(), { timeout: WAIT_MS }).toBe(vndStyle(product.minPrice, product.currency));
    // The sign-up section: no linked store has a member program open yet.
    await phone.getByText(vi.membership.join.noneOpen).waitFor();
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('vi-VN');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SMALL_PHONE.width);
    await shot(phone, 'minisite-hosted-02-phone-vi');
  });
});
