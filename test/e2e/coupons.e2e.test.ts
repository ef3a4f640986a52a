// Coupons, clicked as people would: the tea merchant, in Vietnamese, creates a member-only coupon and an in-store
// one in the console; a buyer, in Chinese, finds them on the store page, is told the member-only one is for members,
// claims the other and sees it in "My coupons"; the merchant's list shows its claims rise. Once the store opens its
// member program, the buyer joins on the store's page and claims the member-only one: its claims rise too.
import { describe, expect, it } from 'vitest';
import { vi as tv } from '../../web/src/i18n/vi.ts';
import { zh as tz } from '../../web/src/i18n/zh.ts';
import { PHONE, journey, pageAs, settled, shot } from './harness.ts';

const e2e = journey('coupons');
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));

describe('coupons in the browser', () => {
  it('the merchant creates a member-only coupon in vi and sees claims rise after a buyer claims in zh', async () => {
    const token = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string }[]>(token, '/api/merchant/stores?limit=200');
    const merchant = await pageAs(e2e, 'vi', 'tea@trio.demo');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}`);
    await merchant.getByRole('link', { name: tv.coupons.console.tab, exact: true }).click();
    await merchant.getByRole('heading', { name: tv.coupons.console.title }).waitFor();
    await settled(merchant);

    const create = async (title: string, members: boolean) => {
      await merchant.getByRole('button', { name: `+ ${tv.coupons.console.create}` }).click();
      const form = merchant.getByRole('dialog');
      await form.getByLabel(tv.coupons.console.name, { exact: true }).fill(title);
      await form.getByLabel(tv.coupons.console.threshold).fill('100');
      await form.getByLabel(tv.coupons.console.amount).fill('10');
      if (members) {
        await form.getByLabel(tv.coupons.console.audience, { exact: true }).selectOption('members');
        await form.getByLabel(tv.coupons.console.minLevel).fill('1');
      }
      await form.getByLabel(tv.coupons.console.totalQuantity).fill('50');
      await form.getByRole('button', { name: tv.coupons.console.create }).click();
      await merchant.getByRole('status').getByText(fill(tv.coupons.console.created, { title })).waitFor();
    };
    await create('Hội viên giảm 10', true);
    await create('Trà xuân giảm 10', false);
    const row = (title: string) => merchant.getByTestId('coupon-row').filter({ hasText: title });
    await row('Hội viên giảm 10').getByText(fill(tv.coupons.strip.membersFrom, { level: 1 })).waitFor();
    await row('Trà xuân giảm 10').getByText(fill(tv.coupons.console.claimedOf, { claimed: 0, total: 50 })).waitFor();
    await shot(merchant, 'coupons-01-console-vi');

    // The buyer, in Chinese on a phone, on the store's page.
    const buyer = await pageAs(e2e, 'zh', 'lin@trio.demo', PHONE);
    await buyer.goto(`${e2e.server.url}/s/${store.id}`);
    const ticket = (title: string) => buyer.getByTestId('coupon-ticket').filter({ hasText: title });
    await ticket('Trà xuân giảm 10').waitFor();
    await ticket('Hội viên giảm 10').getByRole('button', { name: fill(tz.coupons.strip.claimOne, { title: 'Hội viên giảm 10' }) }).click();
    await ticket('Hội viên giảm 10').getByText(tz.problems.code.coupon_members_only).waitFor();
    await ticket('Trà xuân giảm 10').getByRole('button', { name: fill(tz.coupons.strip.claimOne, { title: 'Trà xuân giảm 10' }) }).click();
    await ticket('Trà xuân giảm 10').getByText(fill(tz.coupons.strip.held, { count: 1 })).waitFor();
    expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(buyer, 'coupons-02-store-zh');
    await buyer.getByRole('link', { name: tz.coupons.mine.tab }).click();
    await buyer.getByTestId('held-coupon').filter({ hasText: 'Trà xuân giảm 10' }).waitFor();
    await shot(buyer, 'coupons-03-mine-zh');

    // The merchant sees the claim.
    await merchant.reload();
    await row('Trà xuân giảm 10').getByText(fill(tv.coupons.console.claimedOf, { claimed: 1, total: 50 })).waitFor();
    await row('Hội viên giảm 10').getByText(fill(tv.coupons.console.claimedOf, { claimed: 0, total: 50 })).waitFor();

    // The store opens its member program (level 1 from the start); the buyer joins on the store's page and claims
    // the member-only coupon; the merchant sees its claims rise.
    const program = await fetch(`${e2e.server.url}/api/merchant/stores/${store.id}/membership`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        enabled: true, growthPerUnit: 1, pointsPerUnit: 1, pointsPerMinor: 1, maxPointsShareBp: 5000, pointsValidDays: 30, signupCouponId: null,
        levels: [{ level: 1, name: 'Hội viên', growthRequired: 0, priceBp: 10000 }],
      }),
    });
    expect(program.status, await program.text()).toBe(200);
    await buyer.goto(`${e2e.server.url}/s/${store.id}`);
    await buyer.getByRole('button', { name: tz.membership.join.button }).click();
    await buyer.waitForURL(`**/memberships/${store.id}`);
    await buyer.goto(`${e2e.server.url}/s/${store.id}`);
    await ticket('Hội viên giảm 10').getByRole('button', { name: fill(tz.coupons.strip.claimOne, { title: 'Hội viên giảm 10' }) }).click();
    await ticket('Hội viên giảm 10').getByText(fill(tz.coupons.strip.held, { count: 1 })).waitFor();
    await merchant.reload();
    await row('Hội viên giảm 10').getByText(fill(tv.coupons.console.claimedOf, { claimed: 1, total: 50 })).waitFor();
    await shot(merchant, 'coupons-04-member-claims-vi');
  });
});
