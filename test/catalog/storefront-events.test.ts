// What the storefront reports about products (pages viewed, products seen and clicked in lists) is counted once per
// visitor within a short window, so refreshing a page does not add views; and one address cannot flood the report.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { expectProblem } from '../api/support.ts';
import { testEnv, WAIT, type TestEnv } from '../helpers.ts';
import { buyer, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';

let env: TestEnv;
let s: Store;
let b: Buyer;
beforeAll(async () => {
  env = await testEnv({ TRIO_EVENTS_MAX_PER_ADDRESS: '5', TRIO_EVENTS_WINDOW_MINUTES: '10', TRIO_VIEW_DEDUPE_SECONDS: '60' });
  s = await openStore(env);
  b = await buyer(env);
});
afterAll(() => env?.close());

const firefox = { 'user-agent': 'Mozilla/5.0 Firefox/140.0' };
const view = (productId: string, ip: string, headers: Record<string, string> = firefox) =>
  env.app.inject({ method: 'GET', url: `/api/storefront/products/${productId}?channel=store`, remoteAddress: ip, headers });
const report = (events: { productId: string; kind: 'exposure' | 'click' }[], ip: string, headers: Record<string, string> = firefox) =>
  env.app.inject({ method: 'POST', url: '/api/storefront/events', remoteAddress: ip, headers, payload: { events: events.map((e) => ({ ...e, channel: 'store' })) } });
/** The product's recorded events of a kind, once the recorder's batches (written every second) are in. */
const counted = (productId: string, kind: string) => async () =>
  (await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from product_views where product_id = ${productId} and kind = ${kind}`))[0].n;

describe('product views and list events', () => {
  it('count a visitor’s refreshes of a page once within the window, and again after it; other visitors apart', async () => {
    const { productId } = await listedProduct(env, s, [{ price: 1_000, stock: 5 }], 'Jasmine tea');
    for (let i = 0; i < 3; i++) expect((await view(productId, '198.51.100.30')).statusCode).toBe(200);
    await expect.poll(counted(productId, 'view'), WAIT).toBe(1);

    await view(productId, '198.51.100.30', { 'user-agent': 'Mozilla/5.0 Chrome/140.0' }); // another browser behind the same address
    await view(productId, '198.51.100.31'); // another address
    await view(productId, '198.51.100.30', { ...firefox, ...b.headers }); // signed in: counted as the account
    await view(productId, '198.51.100.99', { ...firefox, ...b.headers }); // the same account elsewhere: a refresh
    await expect.poll(counted(productId, 'view'), WAIT).toBe(4);

    env.clock.advance(61_000);
    await view(productId, '198.51.100.30');
    await expect.poll(counted(productId, 'view'), WAIT).toBe(5);
  });

  it('leave out the same exposure or click reported again by the same visitor within the window', async () => {
    const { productId } = await listedProduct(env, s, [{ price: 1_000, stock: 5 }], 'Oolong tea');
    const first = await report([{ productId, kind: 'exposure' }, { productId, kind: 'click' }], '198.51.100.40');
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toEqual({ recorded: 2 });
    expect((await report([{ productId, kind: 'exposure' }, { productId, kind: 'exposure' }], '198.51.100.40')).json()).toEqual({ recorded: 0 });
    expect((await report([{ productId, kind: 'exposure' }], '198.51.100.41')).json()).toEqual({ recorded: 1 });
    await expect.poll(counted(productId, 'exposure'), WAIT).toBe(2);
    await expect.poll(counted(productId, 'click'), WAIT).toBe(1);
  });

  it('are refused with 429 problem+json past the reports an address may send in the window; other addresses are not', async () => {
    const { productId } = await listedProduct(env, s, [{ price: 1_000, stock: 5 }], 'Green tea');
    for (let i = 0; i < 5; i++) expect((await report([{ productId, kind: 'exposure' }], '203.0.113.50')).statusCode).toBe(202);
    const refused = await report([{ productId, kind: 'exposure' }], '203.0.113.50');
    expectProblem(refused, 429, 'too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect((await report([{ productId, kind: 'exposure' }], '203.0.113.51')).statusCode).toBe(202);
    env.clock.advance(11 * 60_000);
    expect((await report([{ productId, kind: 'exposure' }], '203.0.113.50')).statusCode).toBe(202);
  });
});
