// The analytics APIs: a merchant reads its own store's report (never another store's), the operator reads the
// platform's and compares any two periods (GMV ×2.00, the category ranking, drilling into a category), every table
// exports as CSV with a byte order mark and headers in the reader's language; a date that is no date is a 422; a
// store's merchant sets the zone its days are counted in, and its reports are rebuilt in it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { parse } from 'csv-parse/sync';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { categoryId, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay, type Buyer, type Store } from '../orders/fixtures.ts';

let env: TestEnv;
let s: Store;
let other: Store;
let b: Buyer;
let skuId: string;
const totals: number[] = [];

async function paidOrder(quantity: number) {
  const c = await checkoutOk(env, b, [{ skuId, quantity }]);
  await pay(env, b, c.paymentId);
  return c.orders[0].total;
}

beforeAll(async () => {
  env = await testEnv();
  [s, other] = [await openStore(env), await openStore(env)];
  b = await buyer(env);
  await call(env, 'PATCH', '/api/me', b.headers, { birthYear: 1996, gender: 'female', cityTier: 'new_tier_1' });
  skuId = (await listedProduct(env, s, [{ price: 10_000, stock: 50 }], '真丝连衣裙 Váy lụa')).skuIds[0];
  // 1 November in Shanghai (the clock starts at 16:00 there): one unit; 2 November: two orders of one unit each.
  totals.push(await paidOrder(1));
  env.clock.advance(12 * 3600_000);
  totals.push(await paidOrder(1), await paidOrder(1));
  await runSweeps(sweeps(env.ctx), 200);
});
afterAll(async () => env?.close());

const report = (who: { headers: Record<string, string> }, url: string) => call(env, 'GET', url, who.headers);

describe('merchant analytics', () => {
  it("shows the store's day against the day before: GMV ×2.00, buyers, channels, audience, products", async () => {
    const res = await report(s.merchant, `${s.url}/analytics?unit=day&date=2026-11-02`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.periods.current).toMatchObject({ unit: 'day', label: '2026-11-02', timeZone: 'Asia/Shanghai', from: '2026-11-02', to: '2026-11-03' });
    expect(r.periods.compare.label).toBe('2026-11-01');
    expect(r.periods.lastYear.label).toBe('2025-11-02');
    expect(r.current).toMatchObject({ gmv: totals[1] + totals[2], orders: 2, buyers: 1, newBuyers: 0, returningBuyers: 1, repeatRate: 10_000, activeProducts: 1 });
    expect(r.compare).toMatchObject({ gmv: totals[0], orders: 1, buyers: 1, newBuyers: 1 });
    expect(r.growth.vsCompare.gmv).toEqual({ kind: 'multiple', hundredths: 200, text: '×2.00' });
    expect(r.growth.vsLastYear.gmv).toEqual({ kind: 'new', text: 'new' });
    expect(r.channels.find((c: { channel: string }) => c.channel === 'store')).toMatchObject({ orders: 2, gmv: totals[1] + totals[2], gmvShare: 10_000 });
    expect(r.audience).toMatchObject({ buyers: 1, gender: { female: 10_000, male: 0 }, cityTier: { new_tier_1: 10_000 }, age: { '30_39': 10_000 } });
    expect(r.products).toEqual([expect.objectContaining({ rank: 1, title: '真丝连衣裙 Váy lụa', orders: 2, quantity: 2 })]);
    const month = (await report(s.merchant, `${s.url}/analytics?unit=month&date=2026-11-15`)).json();
    expect(month.current).toMatchObject({ label: '2026-11', orders: 3, buyers: 1 });
    expect(month.trend).toHaveLength(30);
    expect(month.trend.slice(0, 3)).toEqual([{ bucket: '2026-11-01', gmv: totals[0], orders: 1 }, { bucket: '2026-11-02', gmv: totals[1] + totals[2], orders: 2 }, { bucket: '2026-11-03', gmv: 0, orders: 0 }]);
    const year = (await report(s.merchant, `${s.url}/analytics?unit=year&date=2026-11-15`)).json();
    expect(year.trend.map((x: { bucket: string }) => x.bucket)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    expect(year.trend[10]).toEqual({ bucket: '2026-11', gmv: totals[0] + totals[1] + totals[2], orders: 3 });
  });

  it("never shows another store's report, nor the platform's", async () => {
    // Another store's merchant is not told the store exists.
    const foreign = await report(other.merchant, `${s.url}/analytics`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).not.toHaveProperty('current');
    expect((await report(s.merchant, '/api/operator/analytics')).statusCode).toBe(403);
    expect((await report(b, `${s.url}/analytics.csv?table=products`)).statusCode).toBe(403);
  });

  it('answers a date that is no calendar date with analytics_period_invalid, and an unknown unit with a 400', async () => {
    const bad = await report(s.merchant, `${s.url}/analytics?unit=month&date=2026-02-30`);
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'analytics_period_invalid', field: 'date' });
    const compare = await report(s.op, `/api/operator/analytics?unit=year&compareDate=last-year`);
    expect(compare.json()).toMatchObject({ code: 'analytics_period_invalid', field: 'compareDate' });
    expect((await report(s.merchant, `${s.url}/analytics?unit=decade`)).statusCode).toBe(400);
  });

  it('exports its products as CSV in Vietnamese, with a byte order mark', async () => {
    const res = await report(s.merchant, `${s.url}/analytics.csv?unit=month&date=2026-11-02&table=products&lang=vi`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('store-products-2026-11.csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.rawPayload.subarray(3).toString('utf8')) as string[][];
    expect(rows[0]).toEqual(['Hạng', 'Tên', 'GMV', 'Đơn hàng', 'Số lượng', 'Lượt xem', 'GPM']);
    expect(rows[1].slice(0, 5)).toEqual(['1', '真丝连衣裙 Váy lụa', String(totals[0] + totals[1] + totals[2]), '3', '3']);
  });
});

describe('operator analytics', () => {
  it('compares two periods platform-wide: GMV multiple, active merchants, categories ranked, drilling into one', async () => {
    const res = await report(s.op, '/api/operator/analytics?unit=day&date=2026-11-02&compareDate=2026-11-01');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.current).toMatchObject({ gmv: totals[1] + totals[2], orders: 2, activeMerchants: 1 });
    expect(r.growth.vsCompare.gmv.text).toBe('×2.00');
    const apparel = await categoryId(env, 'apparel');
    expect(r.categories).toEqual([expect.objectContaining({ rank: 1, categoryId: apparel, gmv: totals[1] + totals[2], compareGmv: totals[0], hasChildren: true })]);
    expect(r.categories[0].growth.text).toBe('×2.00');
    expect(r.stores).toEqual([expect.objectContaining({ rank: 1, storeId: s.storeId, name: s.storeName, orders: 2 })]);

    const drilled = (await report(s.op, `/api/operator/analytics?unit=day&date=2026-11-02&categoryId=${apparel}`)).json();
    expect(drilled.categories.map((c: { categoryId: number }) => c.categoryId)).toEqual([await categoryId(env, 'apparel.women')]);
    expect(drilled.stores.map((x: { storeId: string }) => x.storeId)).toEqual([s.storeId]);
    expect((await report(s.op, '/api/operator/analytics?categoryId=999999')).statusCode).toBe(404);
  });

  it('exports the category ranking as CSV in Chinese', async () => {
    const res = await report(s.op, '/api/operator/analytics.csv?unit=day&date=2026-11-02&table=categories&lang=zh');
    expect(res.statusCode, res.body).toBe(200);
    const rows = parse(res.rawPayload.subarray(3).toString('utf8')) as string[][];
    expect(rows[0]).toEqual(['排名', '名称', '成交额', '对比期成交额', '增长', '订单数']);
    expect(rows[1][4]).toBe('×2.00');
    expect(rows[1][1]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("a store's time zone", () => {
  it("is set by the store's merchant, checked as an IANA zone, and its days are rebuilt in it", async () => {
    const put = (who: { headers: Record<string, string> }, timeZone: string | null) => call(env, 'PUT', `${s.url}/time-zone`, who.headers, { timeZone });
    expect((await report(s.merchant, `${s.url}/time-zone`)).json()).toEqual({ timeZone: null, platformTimeZone: 'Asia/Shanghai', effective: 'Asia/Shanghai', daysMarked: 0 });
    const bad = await put(s.merchant, 'Mars/Olympus_Mons');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'time_zone_invalid' });
    expect((await put(other.merchant, 'America/Los_Angeles')).statusCode).toBe(404);
    expect((await put(b, 'America/Los_Angeles')).statusCode).toBe(403);

    // Los Angeles is 15 or 16 hours behind: the three orders (1 November 16:00 and 2 November 04:00 in Shanghai) all
    // fall on 1 November there, once the scheduler has rebuilt the days.
    const set = await put(s.merchant, 'america/los_angeles');
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ timeZone: 'America/Los_Angeles', effective: 'America/Los_Angeles' });
    expect(set.json().daysMarked).toBeGreaterThan(0);
    await runSweeps(sweeps(env.ctx), 200);
    const day = (await report(s.merchant, `${s.url}/analytics?unit=day&date=2026-11-01`)).json();
    expect(day.periods.current.timeZone).toBe('America/Los_Angeles');
    expect(day.current).toMatchObject({ orders: 3, gmv: totals[0] + totals[1] + totals[2] });
    // The operator's report stays in the platform's zone: 2 November has its two orders still.
    const platform = (await report(s.op, '/api/operator/analytics?unit=day&date=2026-11-02')).json();
    expect(platform.current.orders).toBe(2);

    // Back to the platform's zone: the Los Angeles rows go at once, the Shanghai days are as before.
    const back = await put(s.merchant, null);
    expect(back.json()).toMatchObject({ timeZone: null, effective: 'Asia/Shanghai' });
    const left = await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from analytics_channel_days where store_id = ${s.storeId} and time_zone = 'America/Los_Angeles'`);
    expect(left[0].n).toBe(0);
    await runSweeps(sweeps(env.ctx), 200);
    expect((await report(s.merchant, `${s.url}/analytics?unit=day&date=2026-11-02`)).json().current.orders).toBe(2);
  });
});
