import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { openStore, tee } from './fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

describe('products follow the deposit', () => {
  it('a penalty that leaves the deposit short delists the products as "insufficient deposit"; topping up lists them again', async () => {
    const s = await openStore(env);
    const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) })).json();
    await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
    await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/pass`, headers: s.op.headers });
    const state = async () => (await env.app.inject({ method: 'GET', url: `${s.url}/products/${p.id}`, headers: s.merchant.headers })).json().liveState;
    expect(await state()).toBe('listed');

    const penalty = await env.app.inject({ method: 'POST', url: `/api/operator/stores/${s.storeId}/deposit-ledger`, headers: s.op.headers, payload: { kind: 'deduction', amount: 100000, note: 'Late shipment penalty' } });
    expect(penalty.statusCode).toBe(201);
    expect(await state()).toBe('delisted_deposit');
    expect((await env.app.inject({ method: 'GET', url: `/api/storefront/products/${p.id}` })).statusCode).toBe(404);
    // the merchant cannot relist by hand while the deposit is short
    const relist = await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/relist`, headers: s.merchant.headers });
    expect(relist.statusCode).toBe(409);

    await env.app.inject({ method: 'POST', url: `/api/operator/stores/${s.storeId}/deposit-ledger`, headers: s.op.headers, payload: { kind: 'payment', amount: 100000, note: 'Top-up' } });
    expect(await state()).toBe('listed');
    expect((await env.app.inject({ method: 'GET', url: `/api/storefront/products/${p.id}` })).statusCode).toBe(200);
  });
});
