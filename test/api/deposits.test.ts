// What a store owes as deposit, the ledger the operator keeps, and whether the store may list in a category.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPaidGmv } from '../../src/modules/merchants/index.ts';
import { categoryId, operator, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { ask, expectProblem, getStore, newCheckedStore, newStore, openStore, scalar, uploadOk, writesNothing, type Who } from './support.ts';

let env: TestEnv;
let op: Who;
/** One merchant account for the file: each test works in stores of its own. */
let merchant: Who;
beforeAll(async () => {
  env = await testEnv();
  op = await operator(env);
  merchant = await signUp(env.app, 'merchant');
});
afterAll(async () => { await env?.close(); });

const ledger = (storeId: string, kind: string, amount: number, note?: string) =>
  env.app.inject({ method: 'POST', url: `/api/operator/stores/${storeId}/deposit-ledger`, headers: op.headers, payload: { kind, amount, ...(note ? { note } : {}) } });
const deposit = async (m: Who, storeId: string) => (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${storeId}/deposit`, headers: m.headers })).json();
const eligibility = async (m: Who, storeId: string, code: string) =>
  (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${storeId}/listing-eligibility?categoryId=${await categoryId(env, code)}`, headers: m.headers })).json();
const approveAll = async (storeId: string) => {
  const queue = (await env.app.inject({ method: 'GET', url: '/api/operator/applications?status=in_review&limit=200', headers: op.headers })).json().applications;
  for (const a of queue.filter((x: { storeId: string }) => x.storeId === storeId)) {
    expect((await env.app.inject({ method: 'POST', url: `/api/operator/applications/${a.id}/approve`, headers: op.headers })).statusCode).toBe(200);
  }
};

describe('the deposit due', () => {
  it('is the highest deposit among the approved categories: apparel 5,000, jewellery 50,000, gold rings 100,000 yuan', async () => {
    const m = merchant;
    const store = await openStore(env, m, ['apparel.women.dresses']);
    expect(await deposit(m, store.id)).toMatchObject({ currency: 'CNY', due: 500000, balance: 0, owed: 500000 });

    expect((await ask(env, m, store.id, ['jewellery.gold.silver'])).statusCode).toBe(201);
    expect((await deposit(m, store.id)).due).toBe(5000000);

    const assay = await uploadOk(env, m, store.id, 'gold_assay_report');
    await ask(env, m, store.id, [['jewellery.gold.rings', [assay]]]);
    // In review does not count yet.
    expect((await deposit(m, store.id)).due).toBe(5000000);
    await approveAll(store.id);
    const d = await deposit(m, store.id);
    expect(d.due).toBe(10000000);
    expect(d.byCategory.map((c: { required: number }) => c.required).sort((a: number, b: number) => a - b)).toEqual([500000, 5000000, 10000000]);
  });

  it('rejected and withdrawn categories do not count', async () => {
    const m = merchant;
    const store = await openStore(env, m, ['apparel.women.dresses']);
    const assay = await uploadOk(env, m, store.id, 'gold_assay_report');
    const app = (await ask(env, m, store.id, [['jewellery.gold.rings', [assay]]])).json()[0];
    await env.app.inject({ method: 'POST', url: `/api/operator/applications/${app.id}/reject`, headers: op.headers, payload: { reason: 'Assay report unreadable' } });
    expect((await deposit(m, store.id)).due).toBe(500000);
  });
});

describe('the deposit ledger', () => {
  it('the operator records a payment, a deduction and a refund; each moves the balance and is audited', async () => {
    const m = merchant;
    const store = await openStore(env, m);
    expect((await ledger(store.id, 'payment', 600000, 'Bank transfer 2026-11-01')).json()).toMatchObject({ balance: 600000 });
    expect((await ledger(store.id, 'deduction', 50000, 'Late shipment penalty')).json()).toMatchObject({ balance: 550000 });
    expect((await ledger(store.id, 'refund', 50000)).json()).toMatchObject({ balance: 500000 });

    const d = await deposit(m, store.id);
    expect(d).toMatchObject({ due: 500000, balance: 500000, owed: 0 });
    expect(d.ledger.map((e: { kind: string; amount: number; balance: number }) => [e.kind, e.amount, e.balance])).toEqual([
      ['payment', 600000, 600000], ['deduction', 50000, 550000], ['refund', 50000, 500000],
    ]);
    const audit = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/audit?entityType=store`, headers: m.headers })).json();
    const entries = audit.items.filter((i: { action: string }) => i.action.startsWith('deposit.')).reverse();
    expect(entries.map((e: { action: string; before: unknown; after: unknown }) => [e.action, e.before, e.after])).toEqual([
      ['deposit.payment', { balance: 0 }, { balance: 600000, amount: 600000 }],
      ['deposit.deduction', { balance: 600000 }, { balance: 550000, amount: 50000 }],
      ['deposit.refund', { balance: 550000 }, { balance: 500000, amount: 50000 }],
    ]);
    expect(entries[0].actorRole).toBe('operator');
  });

  it('a refund or deduction beyond the balance is refused with 422 and writes nothing', async () => {
    const m = merchant;
    const store = await openStore(env, m);
    await ledger(store.id, 'payment', 1000);
    await writesNothing(env.ctx.db, async () => {
      const refund = expectProblem(await ledger(store.id, 'refund', 1001), 422, 'deposit_balance_insufficient');
      expect(refund.balance).toBe(1000);
      expectProblem(await ledger(store.id, 'deduction', 1001), 422, 'deposit_balance_insufficient');
    });
    // Exactly the balance is fine, and then nothing more can leave.
    expect((await ledger(store.id, 'refund', 1000)).json().balance).toBe(0);
    expectProblem(await ledger(store.id, 'deduction', 1), 422, 'deposit_balance_insufficient');
    expect(await scalar(env.ctx.db, sql`select count(*) from deposit_ledger where store_id = ${store.id}`)).toBe(2);
  });

  it('amounts are positive whole minor units', async () => {
    const m = merchant;
    const store = await openStore(env, m);
    await writesNothing(env.ctx.db, async () => {
      for (const amount of [0, -100, 10.5, '100', Number.MAX_SAFE_INTEGER + 2]) {
        const body = expectProblem(await ledger(store.id, 'payment', amount as number), 400, 'validation_failed');
        expect(body.errors[0].path).toBe('body.amount');
      }
      expectProblem(await ledger(store.id, 'gift', 100), 400, 'validation_failed');
    });
  });

  it('only the operator keeps the ledger', async () => {
    const m = merchant;
    const store = await openStore(env, m);
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/operator/stores/${store.id}/deposit-ledger`, headers: m.headers, payload: { kind: 'payment', amount: 99999999 } }), 403, 'forbidden');
    expect((await deposit(m, store.id)).balance).toBe(0);
  });
});

describe('listing eligibility', () => {
  it('a store may list in a category once it is open, the category approved and the deposit covered', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    expect(await eligibility(m, store.id, 'apparel.women.dresses')).toMatchObject({ allowed: false, reason: 'store_not_open' });
    await ask(env, m, store.id, ['apparel.women.dresses']);
    expect((await getStore(env, m, store.id)).status).toBe('open');
    expect(await eligibility(m, store.id, 'apparel.women.coats')).toMatchObject({ allowed: false, reason: 'category_not_approved' });
    expect(await eligibility(m, store.id, 'apparel.women.dresses')).toEqual({ allowed: false, reason: 'deposit_insufficient', depositRequired: 500000, depositBalance: 0 });

    await ledger(store.id, 'payment', 499999);
    expect(await eligibility(m, store.id, 'apparel.women.dresses')).toMatchObject({ allowed: false, reason: 'deposit_insufficient', depositBalance: 499999 });
    await ledger(store.id, 'payment', 1);
    expect(await eligibility(m, store.id, 'apparel.women.dresses')).toEqual({ allowed: true, depositRequired: 500000, depositBalance: 500000 });

    // A penalty takes the balance below the requirement: insufficient again until topped up.
    await ledger(store.id, 'deduction', 20000);
    expect(await eligibility(m, store.id, 'apparel.women.dresses')).toMatchObject({ allowed: false, reason: 'deposit_insufficient' });
    await ledger(store.id, 'payment', 20000);
    expect((await eligibility(m, store.id, 'apparel.women.dresses')).allowed).toBe(true);
  });

  it('a store that is closing may not list', async () => {
    const m = merchant;
    const store = await openStore(env, m);
    await ledger(store.id, 'payment', 500000);
    expect((await eligibility(m, store.id, 'apparel.women.dresses')).allowed).toBe(true);
    await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/status`, headers: m.headers, payload: { event: 'request_close' } });
    expect(await eligibility(m, store.id, 'apparel.women.dresses')).toMatchObject({ allowed: false, reason: 'store_not_open' });
  });
});

describe('zero-deposit categories', () => {
  it('a store sells with no deposit until its paid GMV reaches the threshold, then owes the deposit', async () => {
    const shirts = await categoryId(env, 'apparel.men.shirts');
    const bulk = await env.app.inject({
      method: 'POST', url: '/api/operator/categories/bulk/apply', headers: op.headers,
      payload: { selection: { categoryIds: [shirts] }, action: { type: 'zero_deposit', gmvThreshold: 1_000_000 } },
    });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().changed).toBe(1);

    const m = merchant;
    const store = await openStore(env, m, ['apparel.men.shirts']);
    expect(await eligibility(m, store.id, 'apparel.men.shirts')).toEqual({ allowed: true, depositRequired: 0, depositBalance: 0 });
    expect((await deposit(m, store.id)).due).toBe(0);

    await env.ctx.db.transaction((tx) => addPaidGmv(tx as never, store.id, 999_999));
    expect((await eligibility(m, store.id, 'apparel.men.shirts')).allowed).toBe(true);
    expect((await deposit(m, store.id)).paidGmv).toBe(999_999);

    await env.ctx.db.transaction((tx) => addPaidGmv(tx as never, store.id, 1));
    expect(await eligibility(m, store.id, 'apparel.men.shirts')).toEqual({ allowed: false, reason: 'deposit_insufficient', depositRequired: 500000, depositBalance: 0 });
    expect(await deposit(m, store.id)).toMatchObject({ due: 500000, owed: 500000, paidGmv: 1_000_000 });

    await ledger(store.id, 'payment', 500000);
    expect((await eligibility(m, store.id, 'apparel.men.shirts')).allowed).toBe(true);
  });

  it('paid GMV added in a transaction that rolls back is not counted', async () => {
    const m = merchant;
    const store = await openStore(env, m, ['apparel.men.shirts']);
    await expect(env.ctx.db.transaction(async (tx) => {
      await addPaidGmv(tx as never, store.id, 5_000_000);
      throw new Error('payment failed later in the same transaction');
    })).rejects.toThrow(/payment failed/);
    expect((await deposit(m, store.id)).paidGmv).toBe(0);
  });

  it('a deposit cut applies to what the store owes', async () => {
    const m = merchant;
    const store = await openStore(env, m, ['apparel.women.coats', 'jewellery.gold.silver']);
    expect((await deposit(m, store.id)).due).toBe(5000000);
    const silver = await categoryId(env, 'jewellery.gold.silver');
    const cut = await env.app.inject({ method: 'POST', url: '/api/operator/categories/bulk/apply', headers: op.headers, payload: { selection: { categoryIds: [silver] }, action: { type: 'cut_deposit', percent: 50 } } });
    expect(cut.statusCode).toBe(200);
    expect((await deposit(m, store.id)).due).toBe(2500000);
    await ledger(store.id, 'payment', 2500000);
    expect((await eligibility(m, store.id, 'jewellery.gold.silver')).allowed).toBe(true);
  });
});
