// Races over real connections: on PostgreSQL several apps with their own pools really race; PGlite serialises.
// Every test asserts on the final rows, not on timing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, operator, signUp, type TestEnv } from '../helpers.ts';
import { cluster, newCheckedStore, newStore, openStore, regNumber, rows, scalar, storeBody, uploadOk, type Who } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv; // the first app, for helpers that take an env
let ops: Who[];
beforeAll(async () => {
  c = await cluster(3);
  env = { app: c.apps[0], ctx: c.ctx, clock: c.clock } as unknown as TestEnv;
  ops = [await operator(env), await operator(env)];
});
afterAll(async () => { await c?.close(); });

const race = <T>(n: number, fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
const statuses = (res: { statusCode: number }[]) => res.map((r) => r.statusCode).sort((a, b) => a - b);
const count = (xs: number[], v: number) => xs.filter((x) => x === v).length;

describe('stores per legal entity', () => {
  it("12 concurrent applications of the entity's owner create exactly 5 stores; others' race in beside them as claims", async () => {
    const owner = await signUp(c.apps[0], 'merchant');
    const reg = regNumber('RACE');
    await newStore(env, owner, storeBody(reg, { storeName: 'Race first' }));
    const others = [await signUp(c.apps[1], 'merchant'), await signUp(c.apps[2], 'merchant')];
    const res = await race(14, (i) => c.app(i).inject({ method: 'POST', url: '/api/merchant/stores', headers: i < 12 ? owner.headers : others[i - 12].headers, payload: storeBody(reg, { storeName: `Race ${i}` }) }));
    const s = statuses(res.slice(0, 12));
    expect(count(s, 201)).toBe(4);
    expect(count(s, 409)).toBe(8);
    for (const r of res.slice(12)) expect(r.json()).toMatchObject({ legalEntity: { id: null }, entityClaim: { status: 'documents_required' } });
    for (const r of res.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('entity_store_limit');
    expect(await scalar(c.ctx.db, sql`select count(*) from legal_entities where registration_number = ${reg}`)).toBe(1);
    expect(await scalar(c.ctx.db, sql`select count(*) from stores s join legal_entities e on e.id = s.legal_entity_id where e.registration_number = ${reg}`)).toBe(5);
    expect(await scalar(c.ctx.db, sql`select count(*) from audit_log where action = 'store.apply' and summary like 'Race %'`)).toBe(7);
  });
});

describe('who owns a new legal entity', () => {
  it('three accounts racing with two applications each for a new number: one owns it, the others get one claim each', async () => {
    const accounts = [await signUp(c.apps[0], 'merchant'), await signUp(c.apps[1], 'merchant'), await signUp(c.apps[2], 'merchant')];
    const reg = regNumber('OWN');
    const res = await race(6, (i) => c.app(i).inject({ method: 'POST', url: '/api/merchant/stores', headers: accounts[i % 3].headers, payload: storeBody(reg, { storeName: `Own ${i}` }) }));
    const ownerId = await scalar<string>(c.ctx.db, sql`select owner_id from legal_entities where registration_number = ${reg}`);
    const owner = accounts.findIndex((a) => a.userId === ownerId);
    expect(owner).toBeGreaterThanOrEqual(0);
    for (const [i, r] of res.entries()) {
      if (i % 3 === owner) expect(r.json()).toMatchObject({ entityClaim: null, legalEntity: { registrationNumber: reg } });
    }
    const others = res.filter((_r, i) => i % 3 !== owner);
    expect(statuses(others)).toEqual([201, 201, 409, 409]);
    for (const r of others.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('entity_claim_pending');
    expect(await scalar(c.ctx.db, sql`select count(*) from stores s join legal_entities e on e.id = s.legal_entity_id where e.registration_number = ${reg}`)).toBe(2);
    expect(await scalar(c.ctx.db, sql`select count(distinct claimant_id) from entity_claims c join legal_entities e on e.id = c.legal_entity_id where e.registration_number = ${reg} and c.status = 'documents_required'`)).toBe(2);
  });
});

describe('the deposit ledger', () => {
  it('20 concurrent refunds of 300 from a balance of 1,000: exactly 3 succeed and the balance never goes below zero', async () => {
    const m = await signUp(c.apps[0], 'merchant');
    const store = await openStore(env, m);
    expect((await c.apps[0].inject({ method: 'POST', url: `/api/operator/stores/${store.id}/deposit-ledger`, headers: ops[0].headers, payload: { kind: 'payment', amount: 1000 } })).statusCode).toBe(201);
    const res = await race(20, (i) => c.app(i).inject({
      method: 'POST', url: `/api/operator/stores/${store.id}/deposit-ledger`, headers: ops[i % 2].headers,
      payload: { kind: i % 2 ? 'refund' : 'deduction', amount: 300 },
    }));
    const s = statuses(res);
    expect(count(s, 201)).toBe(3);
    expect(count(s, 422)).toBe(17);
    expect(res.filter((r) => r.statusCode === 201).map((r) => r.json().balance).sort((a, b) => b - a)).toEqual([700, 400, 100]);
    const ledger = await rows(c.ctx.db, `deposit_ledger where store_id = '${store.id}'`, 'id');
    expect(ledger).toHaveLength(4);
    let balance = 0;
    for (const e of ledger) {
      balance += e.kind === 'payment' ? Number(e.amount) : -Number(e.amount);
      expect(balance).toBeGreaterThanOrEqual(0);
    }
    expect(balance).toBe(100);
    expect(await scalar(c.ctx.db, sql`select count(*) from audit_log where store_id = ${store.id} and action in ('deposit.refund', 'deposit.deduction')`)).toBe(3);
  });
});

describe('reviewing', () => {
  it('two operators approving and rejecting the same application at once: exactly one wins, the other gets 409', async () => {
    const m = await signUp(c.apps[0], 'merchant');
    for (let round = 0; round < 4; round++) {
      const store = await newCheckedStore(env, m);
      const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
      const app = (await c.apps[0].inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications`, headers: m.headers, payload: { categories: [{ categoryId: await categoryId(env, 'apparel.women.silk'), documentIds: [doc] }] } })).json()[0];
      const [approve, reject] = await Promise.all([
        c.app(round).inject({ method: 'POST', url: `/api/operator/applications/${app.id}/approve`, headers: ops[0].headers }),
        c.app(round + 1).inject({ method: 'POST', url: `/api/operator/applications/${app.id}/reject`, headers: ops[1].headers, payload: { reason: 'Documents do not match' } }),
      ]);
      expect(statuses([approve, reject])).toEqual([200, 409]);
      const loser = approve.statusCode === 409 ? approve : reject;
      expect(loser.json().code).toBe('category_application_transition_not_allowed');
      const winner = approve.statusCode === 200 ? 'approved' : 'rejected';
      const [row] = await rows(c.ctx.db, `category_applications where id = '${app.id}'`);
      expect(row.status).toBe(winner);
      expect(row.decided_by).toBe(winner === 'approved' ? ops[0].userId : ops[1].userId);
      expect(await scalar(c.ctx.db, sql`select count(*) from audit_log where entity_id = ${app.id} and action in ('category_application.approve', 'category_application.reject')`)).toBe(1);
      const [s] = await rows(c.ctx.db, `stores where id = '${store.id}'`);
      expect(s.status).toBe(winner === 'approved' ? 'open' : 'opening');
    }
  });

  it('an approval racing the merchant withdrawing: one wins, and the store opens only if the approval did', async () => {
    const m = await signUp(c.apps[0], 'merchant');
    for (let round = 0; round < 3; round++) {
      const store = await newCheckedStore(env, m);
      const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
      const app = (await c.apps[0].inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications`, headers: m.headers, payload: { categories: [{ categoryId: await categoryId(env, 'apparel.women.silk'), documentIds: [doc] }] } })).json()[0];
      const [approve, withdraw] = await Promise.all([
        c.app(round).inject({ method: 'POST', url: `/api/operator/applications/${app.id}/approve`, headers: ops[0].headers }),
        c.app(round + 1).inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications/${app.id}/withdraw`, headers: m.headers }),
      ]);
      expect(statuses([approve, withdraw])).toEqual([200, 409]);
      const [row] = await rows(c.ctx.db, `category_applications where id = '${app.id}'`);
      const [s] = await rows(c.ctx.db, `stores where id = '${store.id}'`);
      expect([row.status, s.status]).toEqual(approve.statusCode === 200 ? ['approved', 'open'] : ['withdrawn', 'opening']);
    }
  });
});

describe('asking for a category', () => {
  it('20 concurrent requests for the same category of one store record it once; the rest get 409', async () => {
    const m = await signUp(c.apps[0], 'merchant');
    const store = await newCheckedStore(env, m);
    const dresses = await categoryId(env, 'apparel.women.dresses');
    const res = await race(20, (i) => c.app(i).inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications`, headers: m.headers, payload: { categories: [{ categoryId: dresses }] } }));
    const s = statuses(res);
    expect(count(s, 201)).toBe(1);
    expect(count(s, 409)).toBe(19);
    expect(await scalar(c.ctx.db, sql`select count(*) from category_applications where store_id = ${store.id}`)).toBe(1);
    // The store opened exactly once.
    expect(await scalar(c.ctx.db, sql`select count(*) from audit_log where store_id = ${store.id} and action = 'store.status_changed'`)).toBe(1);
  });
});

describe('accounts', () => {
  it('20 parallel wrong-password guesses for one e-mail: at most 5 are checked, the others are refused with 429', async () => {
    const victim = await signUp(c.apps[0], 'buyer');
    const res = await race(20, (i) => c.app(i).inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.email, password: `guess ${i}` }, remoteAddress: '198.51.100.20' }));
    const s = statuses(res);
    expect(s.every((x) => x === 401 || x === 429)).toBe(true);
    expect(count(s, 401)).toBeLessThanOrEqual(5);
    expect(await scalar(c.ctx.db, sql`select count(*) from login_attempts where email = ${victim.email} and not succeeded`)).toBeLessThanOrEqual(5);
  });

  it('10 concurrent registrations with one e-mail create one account', async () => {
    const email = `race-${regNumber('E').toLowerCase()}@concurrency.test`;
    const res = await race(10, (i) => c.app(i).inject({ method: 'POST', url: '/api/auth/register', payload: { email, password: 'correct horse battery', displayName: `Racer ${i}` } }));
    const s = statuses(res);
    expect(count(s, 201)).toBe(1);
    expect(count(s, 409)).toBe(9);
    expect(await scalar(c.ctx.db, sql`select count(*) from users where email = ${email}`)).toBe(1);
  });
});

describe('bulk category changes', () => {
  it('two bulk changes at once are applied one after the other: each audit entry starts from what the other left', async () => {
    const silk = await categoryId(env, 'apparel.women.silk');
    const imported = await categoryId(env, 'fresh.fruit.imported');
    const selection = { categoryIds: [silk, imported] };
    const [a, b] = await Promise.all([
      c.app(0).inject({ method: 'POST', url: '/api/operator/categories/bulk/apply', headers: ops[0].headers, payload: { selection, action: { type: 'set_policy', policy: 'open' } } }),
      c.app(1).inject({ method: 'POST', url: '/api/operator/categories/bulk/apply', headers: ops[1].headers, payload: { selection, action: { type: 'set_policy', policy: 'paused' } } }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const audits = (await rows(c.ctx.db, `audit_log where action = 'category.bulk_set_policy'`, 'id')) as { before: { categories: { policy: string }[] }; after: { categories: { policy: string }[] } }[];
    expect(audits).toHaveLength(2);
    expect(audits[0].before.categories.map((x) => x.policy)).toEqual(['targeted', 'targeted']);
    expect(audits[1].before.categories.map((x) => x.policy)).toEqual(audits[0].after.categories.map((x) => x.policy));
    const final = await rows(c.ctx.db, `categories where id in (${silk}, ${imported})`, 'id');
    expect(final.map((r) => r.policy)).toEqual(audits[1].after.categories.map((x) => x.policy));
    // Every app shows the final state on its next read.
    for (const app of c.apps) {
      const tree = (await app.inject({ method: 'GET', url: '/api/categories' })).json();
      const walk = (ns: { id: number; policy: string; children: never[] }[]): string | undefined => ns.map((n) => (n.id === silk ? n.policy : walk(n.children))).find(Boolean);
      expect(walk(tree.categories)).toBe(final[0].policy);
    }
  });
});
