// Membership, clicked as people would, in Chinese: the tea merchant opens its member program in the console; a buyer
// joins from the store page and sees the member card; the merchant finds the new member in the list and their history.
import { describe, expect, it } from 'vitest';
import { zh as t } from '../../web/src/i18n/zh.ts';
import { PHONE, journey, pageAs, settled, shot } from './harness.ts';

const e2e = journey('membership');
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));

describe('membership in the browser', () => {
  it('the merchant opens the program, a buyer joins on the store page and sees the card, the merchant sees the member', async () => {
    const token = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string; name: string }[]>(token, '/api/merchant/stores?limit=200');

    const merchant = await pageAs(e2e, 'zh', 'tea@trio.demo');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/membership`);
    await merchant.getByRole('heading', { name: t.membership.merchant.title }).waitFor();
    await merchant.getByLabel(t.membership.merchant.fields.enabled).check();
    await merchant.getByLabel(fill(t.membership.merchant.levelName, { level: 1 })).fill('普通会员');
    await merchant.getByRole('button', { name: t.membership.merchant.addLevel }).click();
    await merchant.getByLabel(fill(t.membership.merchant.levelName, { level: 2 })).fill('金卡会员');
    await merchant.getByLabel(fill(t.membership.merchant.levelGrowth, { level: 2 })).fill('500');
    await merchant.getByRole('button', { name: t.common.save, exact: true }).click();
    await merchant.getByRole('status').getByText(t.membership.merchant.saved).waitFor();
    await merchant.getByText(t.membership.merchant.emptyTitle).waitFor();
    await shot(merchant, 'membership-01-program');

    const buyer = await pageAs(e2e, 'zh', 'lin@trio.demo', PHONE);
    await buyer.goto(`${e2e.server.url}/s/${store.id}`);
    await buyer.getByRole('button', { name: t.membership.join.button }).click();
    await buyer.waitForURL((u) => u.pathname === `/memberships/${store.id}`);
    await buyer.getByText(fill(t.membership.card.level, { level: 1, name: '普通会员' }), { exact: true }).waitFor();
    await buyer.getByText(fill(t.membership.card.next, { missing: 500, level: 2 })).waitFor();
    await buyer.getByRole('cell', { name: t.membership.event.joined }).waitFor();
    await settled(buyer);
    expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(buyer, 'membership-02-card');
    // Back on the store page the offer says the buyer is a member.
    await buyer.goto(`${e2e.server.url}/s/${store.id}`);
    await buyer.getByText(t.membership.join.youAreMember).waitFor();

    await merchant.reload();
    const me = await e2e.apiAs<{ displayName: string }>(await e2e.login('lin@trio.demo'), '/api/me');
    await merchant.getByRole('link', { name: me.displayName }).click();
    await merchant.getByRole('heading', { name: me.displayName }).waitFor();
    await merchant.getByRole('cell', { name: t.membership.event.joined }).waitFor();
    await merchant.getByLabel(t.membership.merchant.fields.points).fill('88');
    await merchant.getByLabel(t.common.reason, { exact: true }).fill('欢迎礼');
    await merchant.getByRole('button', { name: t.membership.merchant.adjustSubmit }).click();
    await merchant.getByRole('status').getByText(t.membership.merchant.adjusted).waitFor();
    await merchant.getByRole('cell', { name: '+88' }).waitFor();
    await shot(merchant, 'membership-03-member');
  });
});
