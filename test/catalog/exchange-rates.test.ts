// Approximate prices: the operator's rate converts in integer arithmetic with explicit rounding, storefront answers
// carry the approximate amount only when asked for a display currency with a rate, and checkout and payment never
// see it (they charge the store's price in the store's currency).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertMinor, parseRate } from '../../src/modules/catalog/exchange-rates.ts';
import { Invalid } from '../../src/kernel/errors.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore } from '../orders/fixtures.ts';
import { expectProblem } from '../api/support.ts';

describe('conversion arithmetic', () => {
  it('is exact in integers and rounds half up', () => {
    // 123.45 CNY at 3450.25 VND per yuan = 425,933.3625 VND -> 425,933 (VND has no minor unit).
    expect(convertMinor(12_345, 'CNY', 'VND', '3450.25')).toBe(425_933);
    // 0.01 CNY at 3450.5 = 34.505 VND -> 35 (half up); at 3449.9 = 34.499 -> 34.
    expect(convertMinor(1, 'CNY', 'VND', '3450.5')).toBe(35);
    expect(convertMinor(1, 'CNY', 'VND', '3449.9')).toBe(34);
    // The intermediate product (past 2^53) stays exact: 1,000,000.00 CNY at 3450.12345678 = 3,450,123,456.78 VND.
    expect(convertMinor(100_000_000, 'CNY', 'VND', '3450.12345678')).toBe(3_450_123_457);
    // VND to CNY: 100,000 VND at 0.000289 CNY per dong = 28.9 CNY = 2,890 fen; 5 VND = 0.001445 CNY -> 0 fen.
    expect(convertMinor(100_000, 'VND', 'CNY', '0.000289')).toBe(2_890);
    expect(convertMinor(5, 'VND', 'CNY', '0.000289')).toBe(0);
    expect(convertMinor(0, 'CNY', 'VND', '3450')).toBe(0);
  });

  it('takes a rate only as plain positive decimal text', () => {
    expect(parseRate('3450.25')).toEqual({ num: 345_025n, den: 100n });
    for (const bad of ['0', '0.000', '-1', '1e3', '3,450', '1.123456789', '', ' 1']) expect(() => parseRate(bad), bad).toThrow(Invalid);
    expect(() => convertMinor(1.5, 'CNY', 'VND', '3450')).toThrow(RangeError);
  });
});

describe('approximate prices on the storefront', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await testEnv(); });
  afterAll(async () => { await env?.close(); });

  it('the operator sets a rate (audited); a vi buyer sees ≈ VND; checkout and payment charge CNY unchanged', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 19_900, stock: 10 }], 'Áo khoác 外套 approx');
    const listing = async (display?: string) => (await call(env, 'GET', `/api/storefront/products?storeId=${s.storeId}${display ? `&display=${display}` : ''}`, {})).json()[0];
    const page = async (display?: string) => (await call(env, 'GET', `/api/storefront/products/${p.productId}${display ? `?display=${display}` : ''}`, {})).json();

    // No rate yet: no approximate amount, whatever is asked for.
    expect((await listing('VND')).approx).toBeNull();

    const set = await call(env, 'PUT', '/api/operator/exchange-rates/CNY/VND', s.op.headers, { rate: '3450.25' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ from: 'CNY', to: 'VND', rate: '3450.25' });
    // The cached listing and page show it at once (the rate moved the catalog version).
    expect(await listing('VND')).toMatchObject({ minPrice: 19_900, currency: 'CNY', approx: { amount: 686_600, currency: 'VND' } });
    expect((await page('VND')).skus[0]).toMatchObject({ price: 19_900, approx: { amount: 686_600, currency: 'VND' } });
    // Without a display currency (or in the price's own), nothing approximate.
    expect((await listing()).approx).toBeNull();
    expect((await listing('CNY')).approx).toBeNull();

    const audit = (await call(env, 'GET', '/api/operator/audit?limit=5', s.op.headers)).json();
    expect(JSON.stringify(audit)).toContain('exchange_rate.set');

    // Checkout and payment: the store's price in the store's currency.
    const b = await buyer(env);
    const c = await checkoutOk(env, b, [{ skuId: p.skuIds[0], quantity: 2 }]);
    expect(c).toMatchObject({ amount: 39_800, currency: 'CNY' });
    const payment = (await call(env, 'GET', `/api/payments/${c.paymentId}`, b.headers)).json();
    expect(payment).toMatchObject({ amount: 39_800, currency: 'CNY' });

    // Rates are the operator's; bad ones are refused with a problem.
    expect((await call(env, 'PUT', '/api/operator/exchange-rates/CNY/VND', s.merchant.headers, { rate: '1' })).statusCode).toBe(403);
    expectProblem(await call(env, 'PUT', '/api/operator/exchange-rates/CNY/VND', s.op.headers, { rate: '3450,25' }), 400, 'validation_failed');
    expectProblem(await call(env, 'PUT', '/api/operator/exchange-rates/CNY/CNY', s.op.headers, { rate: '1' }), 422, 'rate_same_currency');
    expectProblem(await call(env, 'PUT', '/api/operator/exchange-rates/CNY/XYZ', s.op.headers, { rate: '1' }), 400, 'validation_failed');

    // Removed: the approximate amount goes.
    expect((await call(env, 'DELETE', '/api/operator/exchange-rates/CNY/VND', s.op.headers)).statusCode).toBe(200);
    expect((await listing('VND')).approx).toBeNull();
  });
});

describe('the buyer chooses the display currency', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await testEnv(); });
  afterAll(async () => { await env?.close(); });

  it('offers the currencies with a rate; a buyer saves none or one of them on the account', async () => {
    const s = await openStore(env);
    const offered = async () => (await call(env, 'GET', '/api/storefront/display-currencies', {})).json().currencies;
    expect(await offered()).toEqual([]);
    expect((await call(env, 'PUT', '/api/operator/exchange-rates/CNY/VND', s.op.headers, { rate: '3500' })).statusCode).toBe(200);
    expect((await call(env, 'PUT', '/api/operator/exchange-rates/CNY/USD', s.op.headers, { rate: '0.14' })).statusCode).toBe(200);
    expect((await call(env, 'PUT', '/api/operator/exchange-rates/VND/USD', s.op.headers, { rate: '0.00004' })).statusCode).toBe(200);
    // A visitor, signed out, may ask: each currency once.
    expect(await offered()).toEqual(['USD', 'VND']);

    const b = await buyer(env);
    const me = async () => (await call(env, 'GET', '/api/me', b.headers)).json();
    // Nothing chosen: null, the web then goes by the interface language (Vietnamese: VND).
    expect((await me()).displayCurrency).toBeNull();
    for (const choice of ['USD', 'none', null] as const) {
      const res = await call(env, 'PATCH', '/api/me', b.headers, { displayCurrency: choice });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().displayCurrency).toBe(choice);
      expect((await me()).displayCurrency).toBe(choice);
    }
    // Not a currency Trio knows: refused, nothing written.
    expectProblem(await call(env, 'PATCH', '/api/me', b.headers, { displayCurrency: 'XYZ' }), 400, 'validation_failed');
    expect((await me()).displayCurrency).toBeNull();

    // The chosen currency is what the listing is asked for: USD reads ≈ USD, and payment is still CNY.
    const p = await listedProduct(env, s, [{ price: 10_000, stock: 5 }], 'Tea approx usd');
    const item = (await call(env, 'GET', `/api/storefront/products?storeId=${s.storeId}&display=USD`, {})).json()[0];
    expect(item).toMatchObject({ minPrice: 10_000, currency: 'CNY', approx: { amount: 1_400, currency: 'USD' } });
    const c = await checkoutOk(env, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
    expect(c).toMatchObject({ amount: 10_000, currency: 'CNY' });
  });
});
