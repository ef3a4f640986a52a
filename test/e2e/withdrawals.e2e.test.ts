// Withdrawing, clicked as people would: the tea merchant (on a phone) sets the account withdrawals are paid to and
// withdraws part of the settled balance; above the automatic limit it waits for the operator, who approves it on the
// Withdrawals desk; the sandbox plays WeChat Pay profit sharing and the merchant sees it paid.
// The demo's received orders settle at once here (after-sales window of 0 days).
import { describe, expect, it } from 'vitest';
import { en as t } from '../../web/src/i18n/en.ts';
import { PHONE, journey, shot, signInThroughForm } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

const e2e = journey('withdrawals', {
  env: { TRIO_AFTER_SALES_DAYS: '0', TRIO_SCHEDULER_INTERVAL_MS: '500', TRIO_WITHDRAWAL_AUTO_LIMIT: '100', TRIO_WITHDRAWAL_CHECK_SECONDS: '1' },
});
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));
const shortId = (id: string) => id.replace(/-/g, '').slice(0, 10).toUpperCase();

describe('withdrawals in the browser', () => {
  it('the merchant withdraws, the operator approves, the merchant sees it paid', async () => {
    const token = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string }[]>(token, '/api/merchant/stores?limit=200');
    const summary = () => e2e.apiAs<{ available: number }>(token, `/api/merchant/stores/${store.id}/withdrawals?limit=1`);
    await expect.poll(async () => (await summary()).available, { timeout: WAIT_MS }).toBeGreaterThan(1000);

    const merchant = await e2e.newPage(PHONE);
    await signInThroughForm(merchant, e2e.server, 'tea@trio.demo', '/merchant');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/balance`);
    await merchant.getByText(t.withdrawals.noReceiver).waitFor();
    await merchant.getByLabel(t.withdrawals.receiver.account, { exact: true }).fill('1612345678');
    await merchant.getByLabel(t.withdrawals.receiver.name, { exact: true }).fill('Jade Mountain Tea Trading Co.');
    await merchant.getByRole('button', { name: t.withdrawals.receiver.save }).click();
    await merchant.getByTestId('receiver-state').getByText(t.withdrawals.receiverState.registered).waitFor({ timeout: WAIT_MS });

    // Next to the settled balance, what WeChat Pay's profit-sharing ratio lets through today, as the API says it.
    const figures = await e2e.apiAs<{ available: number; withdrawableNow: number; profitSharingMaxBp: number }>(token, `/api/merchant/stores/${store.id}/withdrawals?limit=1`);
    expect(figures.profitSharingMaxBp).toBe(3000);
    expect(figures.withdrawableNow).toBeLessThanOrEqual(figures.available);
    expect(figures.withdrawableNow).toBeGreaterThanOrEqual(1000);
    const money = (minor: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY', minimumFractionDigits: minor % 100 === 0 ? 0 : 2 }).format(minor / 100);
    await merchant.getByText(t.profitSharing.withdrawableNow, { exact: true }).waitFor();
    expect(await merchant.getByTestId('withdrawable-now').textContent()).toBe(money(figures.withdrawableNow));
    expect(await merchant.getByTestId('withdrawable').textContent()).toBe(money(figures.available));
    if (figures.withdrawableNow < figures.available) await merchant.getByTestId('withdrawable-why').waitFor();
    // More than that is refused on the form, before it is sent.
    await merchant.getByLabel(t.withdrawals.amount, { exact: true }).fill(String((figures.withdrawableNow + 100) / 100));
    await merchant.getByRole('button', { name: t.withdrawals.submit.replace('{{amount}}', money(figures.withdrawableNow + 100)) }).click();
    await merchant.getByText(fill(t.profitSharing.amountMax, { max: money(figures.withdrawableNow) })).waitFor();

    await merchant.getByLabel(t.withdrawals.amount, { exact: true }).fill('10');
    const ten = new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY', minimumFractionDigits: 0 }).format(10);
    await merchant.getByRole('button', { name: fill(t.withdrawals.submit, { amount: ten }) }).click();
    await merchant.getByRole('status').getByText(fill(t.withdrawals.done, { amount: ten })).waitFor();
    await merchant.getByTestId('withdrawal-state').getByText(t.withdrawals.state.requested).waitFor();
    expect(await merchant.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(merchant, 'withdrawals-01-requested');

    const operator = await e2e.newPage();
    await signInThroughForm(operator, e2e.server, 'operator@trio.demo', '/operator');
    await operator.getByRole('link', { name: t.withdrawals.desk.nav }).click();
    const [w] = (await e2e.apiAs<{ items: { id: string }[] }>(await e2e.login('operator@trio.demo'), '/api/operator/withdrawals')).items;
    await operator.getByRole('button', { name: fill(t.withdrawals.desk.approveOne, { no: shortId(w.id) }) }).click();
    await operator.getByRole('status').getByText(fill(t.withdrawals.desk.approved, { no: shortId(w.id) })).waitFor();
    await operator.getByText(t.withdrawals.desk.empty).last().waitFor();
    // Refunds waiting for the operator: nothing refused in the demo, each list says so.
    await operator.getByRole('link', { name: t.profitSharing.desk.nav }).click();
    await operator.getByRole('heading', { name: t.profitSharing.desk.returns }).waitFor();
    await operator.getByText(t.profitSharing.desk.feesEmpty).waitFor();
    await operator.getByText(t.profitSharing.desk.returnsEmpty).waitFor();

    await merchant.getByTestId('withdrawal-state').getByText(t.withdrawals.state.paid).waitFor({ timeout: WAIT_MS });
    await merchant.locator('summary', { hasText: t.withdrawals.show }).first().click();
    await merchant.getByText(t.withdrawals.step.paid).waitFor();
    await shot(merchant, 'withdrawals-02-paid');
  });
});
