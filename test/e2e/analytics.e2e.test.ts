// Analytics, clicked as people would: the operator opens the platform report in Chinese, compares the current year
// with a chosen period (the GMV multiple shows), reads the categories ranked by growth, drills into one and exports
// the ranking as CSV; the tea merchant reads its store's channel mix, funnel and audience in Vietnamese, drawn by
// ECharts, and sets the time zone its days are counted in. The demo's orders
// are paid through the API at start; the scheduler rolls them up.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { vi } from '../../web/src/i18n/vi.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { journey, pageAs, settled, shot } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

const e2e = journey('analytics', { env: { TRIO_SCHEDULER_INTERVAL_MS: '500' } });

type Report = {
  periods: { current: { from: string; label: string } };
  current: { orders: number; gmv: number };
  categories: { categoryId: number; names: { zh: string }; hasChildren: boolean }[];
};

describe('analytics in the browser', () => {
  it('the operator compares two periods, drills into a category and exports CSV; a merchant reads its channels and audience', async () => {
    const op = await e2e.login('operator@trio.demo');
    const year = () => e2e.apiAs<Report>(op, '/api/operator/analytics?unit=year');
    await expect.poll(async () => (await year()).current.orders, { timeout: WAIT_MS }).toBeGreaterThan(0);
    const r = await year();

    const page = await pageAs(e2e, 'zh', 'operator@trio.demo');
    await page.goto(`${e2e.server.url}/operator/analytics`);
    await page.getByRole('heading', { name: zh.analytics.platformTitle }).waitFor();
    await settled(page);
    // The current year against a period chosen by a day of it: the same year, so GMV is ×1.00 of it.
    await page.getByLabel(zh.analytics.compareDate).fill(r.periods.current.from);
    await page.getByTestId('analytics-periods').getByText(`${r.periods.current.label} 对比 ${r.periods.current.label}`, { exact: false }).waitFor();
    await page.getByTestId('analytics-gmv').getByText('×1.00').first().waitFor();
    // ECharts draws the trend (loaded on first use) inside the chart's labelled region.
    const trendChart = page.getByRole('figure', { name: zh.analytics.trend, exact: true }).locator('svg');
    await trendChart.waitFor();
    await expect.poll(() => trendChart.locator('path').count(), { timeout: WAIT_MS }).toBeGreaterThan(r.current.orders > 0 ? 2 : 0);

    const top = r.categories.find((c) => c.hasChildren)!;
    const rows = page.getByTestId('analytics-category');
    await rows.first().waitFor();
    // The demo's last orders may still be rolling up: the rows match the report as it stands.
    await expect.poll(async () => (await rows.count()) - (await year()).categories.length, { timeout: WAIT_MS }).toBe(0);
    await page.getByRole('button', { name: top.names.zh, exact: true }).click();
    await page.getByRole('navigation', { name: zh.analytics.categoryPath }).getByText(top.names.zh).waitFor();
    const drilled = await e2e.apiAs<Report>(op, `/api/operator/analytics?unit=year&compareDate=${r.periods.current.from}&categoryId=${top.categoryId}`);
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(drilled.categories.length);
    await rows.first().getByText(drilled.categories[0].names.zh).waitFor();
    await shot(page, 'analytics-01-operator-zh');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('heading', { name: zh.analytics.categories }).getByRole('button', { name: zh.analytics.csv }).click(),
    ]);
    const file = readFileSync((await download.path())!);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('排名,名称,成交额,对比期成交额,增长,订单数');
    expect(text).toContain(drilled.categories[0].names.zh);

    const tea = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string }[]>(tea, '/api/merchant/stores?limit=200');
    const merchant = await pageAs(e2e, 'vi', 'tea@trio.demo');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/analytics`);
    await merchant.getByRole('heading', { name: vi.analytics.storeTitle }).waitFor();
    const channels = merchant.getByTestId('analytics-channel');
    await channels.first().waitFor();
    await channels.filter({ hasText: vi.catalog.channel.store }).first().waitFor();
    // The funnel view → cart → order → paid, per channel and as a chart.
    const funnel = merchant.getByTestId('analytics-funnel');
    await funnel.getByRole('table', { name: vi.analytics.funnelTable }).waitFor();
    await funnel.getByRole('columnheader', { name: vi.analytics.stages.carts }).waitFor();
    await funnel.getByRole('figure', { name: vi.analytics.funnel, exact: true }).locator('svg').waitFor();
    const audience = merchant.getByTestId('analytics-audience');
    await audience.getByRole('group', { name: vi.analytics.age }).waitFor();
    await audience.getByRole('group', { name: vi.profile.cityTier }).waitFor();
    const ageChart = audience.getByRole('figure', { name: vi.analytics.age, exact: true }).locator('svg');
    await ageChart.waitFor();
    await expect.poll(() => ageChart.locator('path').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
    await shot(merchant, 'analytics-02-merchant-vi');
    // The merchant counts its days in Vietnam's zone: the report says so once the store's days are rebuilt.
    await merchant.getByLabel(vi.analytics.timeZone.label).selectOption('Asia/Ho_Chi_Minh');
    await merchant.getByRole('button', { name: vi.analytics.timeZone.save }).click();
    await merchant.getByTestId('analytics-zone').getByText('Asia/Ho_Chi_Minh').waitFor();
    await merchant.getByTestId('analytics-periods').getByText('Asia/Ho_Chi_Minh', { exact: false }).waitFor();
  });
});
