// The operator changes many categories at once: preview first, then one audited transaction; the public tree follows.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, operator, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, newCheckedStore, rows, scalar, snapshot, writesNothing, type Who } from './support.ts';

let env: TestEnv;
let op: Who;
beforeAll(async () => {
  env = await testEnv();
  op = await operator(env);
});
afterAll(async () => { await env?.close(); });

type Node = { id: number; code: string; policy: string; effectiveDeposit: number; depositReductionBp: number; zeroDeposit: boolean; zeroDepositGmvThreshold: number | null; children: Node[] };
const preview = (payload: unknown, who = op) => env.app.inject({ method: 'POST', url: '/api/operator/categories/bulk/preview', headers: who.headers, payload: payload as object });
const apply = (payload: unknown, who = op) => env.app.inject({ method: 'POST', url: '/api/operator/categories/bulk/apply', headers: who.headers, payload: payload as object });
const tree = async (headers: Record<string, string> = {}) => env.app.inject({ method: 'GET', url: '/api/categories', headers });
const flat = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
const node = async (code: string) => flat((await tree()).json().categories).find((n) => n.code === code)!;
const categoryRows = () => rows(env.ctx.db, 'categories', 'id');
const bulkAudits = () => scalar(env.ctx.db, sql`select count(*) from audit_log where action like 'category.bulk_%'`);

describe('preview, then apply', () => {
  it('opening every targeted or paused category under two first-level categories: the preview changes nothing, the apply changes exactly what it showed, in one audited step', async () => {
    const [apparel, fresh] = [await categoryId(env, 'apparel'), await categoryId(env, 'fresh')];
    const request = { selection: { categoryIds: [apparel, fresh], policies: ['targeted', 'paused'] }, action: { type: 'set_policy', policy: 'open' } };

    const before = await snapshot(env.ctx.db);
    const seen = await preview(request);
    expect(seen.statusCode).toBe(200);
    expect(await snapshot(env.ctx.db)).toEqual(before);
    expect(seen.json().selected).toBe(3);
    expect(seen.json().changes.map((c: { code: string; before: unknown; after: unknown }) => [c.code, c.before, c.after]).sort()).toEqual([
      ['apparel.men.furs', { policy: 'paused' }, { policy: 'open' }],
      ['apparel.women.silk', { policy: 'targeted' }, { policy: 'open' }],
      ['fresh.fruit.imported', { policy: 'targeted' }, { policy: 'open' }],
    ]);

    const auditsBefore = await bulkAudits();
    const rowsBefore = await categoryRows();
    const done = await apply(request);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual(seen.json());

    // Exactly those rows changed, and only their policy (and update time).
    const rowsAfter = await categoryRows();
    const changedIds = new Set(seen.json().changes.map((c: { categoryId: number }) => c.categoryId));
    for (const [i, r] of rowsAfter.entries()) {
      if (changedIds.has(r.id as number)) {
        expect(r.policy).toBe('open');
        expect({ ...r, policy: rowsBefore[i].policy, updated_at: rowsBefore[i].updated_at }).toEqual(rowsBefore[i]);
      } else expect(r).toEqual(rowsBefore[i]);
    }
    // Jewellery was not selected: its targeted category stays targeted.
    expect((await node('jewellery.gold.rings')).policy).toBe('targeted');

    expect(await bulkAudits()).toBe(auditsBefore + 1);
    const audit = (await env.app.inject({ method: 'GET', url: '/api/operator/audit?action=category.bulk_set_policy', headers: op.headers })).json().items[0];
    expect(audit).toMatchObject({ actorRole: 'operator', actorId: op.userId, entityType: 'category', summary: '3 of 3 selected categories changed' });
    expect(audit.before.categories.map((c: { code: string; policy: string }) => [c.code, c.policy]).sort()).toEqual([['apparel.men.furs', 'paused'], ['apparel.women.silk', 'targeted'], ['fresh.fruit.imported', 'targeted']]);
    expect(audit.after.categories.every((c: { policy: string }) => c.policy === 'open')).toBe(true);
    expect(audit.after.action).toEqual({ type: 'set_policy', policy: 'open' });

    // Applying again changes nothing and writes no audit entry.
    const again = await writesNothing(env.ctx.db, () => apply(request));
    expect(again.json()).toMatchObject({ selected: 0, changed: 0 });
  });

  it('a merchant can now apply for the newly opened category without review', async () => {
    const m = await signUp(env.app, 'merchant');
    // A store of an entity the operator has checked: an open category needs no review.
    const store = await newCheckedStore(env, m, { storeName: 'Furs & Co' });
    const res = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications`, headers: m.headers, payload: { categories: [{ categoryId: await categoryId(env, 'apparel.men.furs') }] } });
    expect(res.statusCode).toBe(201);
    expect(res.json()[0].status).toBe('approved');
  });
});

describe('deposit cuts', () => {
  it('a 50 % cut rounds in minor units: 1,000.01 yuan becomes 500.00', async () => {
    const coats = await categoryId(env, 'apparel.women.coats');
    const patched = await env.app.inject({ method: 'PATCH', url: `/api/operator/categories/${coats}`, headers: op.headers, payload: { deposit: 100001 } });
    expect(patched.statusCode).toBe(200);
    expect((await node('apparel.women.coats')).effectiveDeposit).toBe(100001);

    const request = { selection: { categoryIds: [coats] }, action: { type: 'cut_deposit', percent: 50 } };
    const seen = (await preview(request)).json();
    expect(seen.changes).toEqual([expect.objectContaining({ code: 'apparel.women.coats', before: { deposit: 100001, reductionPercent: 0 }, after: { deposit: 50000, reductionPercent: 50 } })]);
    expect((await apply(request)).json()).toEqual(seen);
    const after = await node('apparel.women.coats');
    expect(after).toMatchObject({ effectiveDeposit: 50000, depositReductionBp: 5000 });
    expect(Number.isInteger(after.effectiveDeposit)).toBe(true);
  });

  it('a cut with two decimals is taken as written (0.29 % is 29 basis points)', async () => {
    const dresses = await categoryId(env, 'apparel.women.dresses');
    const res = await preview({ selection: { categoryIds: [dresses] }, action: { type: 'cut_deposit', percent: 0.29 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().changes[0].after).toEqual({ deposit: 500000 - 1450, reductionPercent: 0.29 });
  });

  it('a cut over 50 %, or finer than a hundredth of a percent, is refused and nothing changes', async () => {
    const [apparel, jewellery] = [await categoryId(env, 'apparel'), await categoryId(env, 'jewellery')];
    const { headers: { etag } } = await tree();
    await writesNothing(env.ctx.db, async () => {
      for (const percent of [51, 50.01, 0.001]) {
        for (const send of [preview, apply]) {
          const body = expectProblem(await send({ selection: { categoryIds: [apparel, jewellery] }, action: { type: 'cut_deposit', percent } }), 422, 'deposit_cut_out_of_range');
          expect(body.maxPercent).toBe(50);
        }
      }
      expectProblem(await apply({ selection: { categoryIds: [apparel] }, action: { type: 'cut_deposit', percent: 0 } }), 400, 'validation_failed');
    });
    expect((await tree()).headers.etag).toBe(etag);
  });
});

describe('zero deposit', () => {
  it('marking categories zero-deposit with a GMV threshold, then clearing it', async () => {
    const fresh = await categoryId(env, 'fresh');
    const mark = await apply({ selection: { categoryIds: [fresh] }, action: { type: 'zero_deposit', gmvThreshold: 2_000_000 } });
    expect(mark.statusCode).toBe(200);
    expect(mark.json().changed).toBe(2);
    for (const code of ['fresh.fruit.citrus', 'fresh.fruit.imported']) expect(await node(code)).toMatchObject({ zeroDeposit: true, zeroDepositGmvThreshold: 2_000_000 });
    expect(await node('apparel.women.dresses')).toMatchObject({ zeroDeposit: false, zeroDepositGmvThreshold: null });

    const clear = await apply({ selection: { categoryIds: [fresh] }, action: { type: 'clear_zero_deposit' } });
    expect(clear.json().changes.map((c: { after: unknown }) => c.after)).toEqual([{ zeroDeposit: false, gmvThreshold: null }, { zeroDeposit: false, gmvThreshold: null }]);
    expect(await node('fresh.fruit.citrus')).toMatchObject({ zeroDeposit: false, zeroDepositGmvThreshold: null });
  });
});

describe('the public tree follows at once', () => {
  it('the very next read shows the new values with a new ETag; the old ETag gets 200, the new one 304', async () => {
    const first = await tree();
    const oldTag = first.headers.etag as string;
    expect(oldTag).toMatch(/^"cat-\d+"$/);
    expect((await tree({ 'if-none-match': oldTag })).statusCode).toBe(304);

    const silver = await categoryId(env, 'jewellery.gold.silver');
    await apply({ selection: { categoryIds: [silver] }, action: { type: 'set_policy', policy: 'paused' } });

    const next = await tree({ 'if-none-match': oldTag });
    expect(next.statusCode).toBe(200);
    const newTag = next.headers.etag as string;
    expect(newTag).not.toBe(oldTag);
    expect(flat(next.json().categories).find((n) => n.id === silver)!.policy).toBe('paused');
    const notModified = await tree({ 'if-none-match': newTag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
  });

  it('a preview does not change the ETag', async () => {
    const { headers: { etag } } = await tree();
    await preview({ selection: { all: true }, action: { type: 'set_policy', policy: 'targeted' } });
    expect((await tree({ 'if-none-match': etag as string })).statusCode).toBe(304);
  });

  it('editing one category shows in the tree at once and is audited with before and after', async () => {
    const shirts = await categoryId(env, 'apparel.men.shirts');
    const { headers: { etag } } = await tree();
    const res = await env.app.inject({ method: 'PATCH', url: `/api/operator/categories/${shirts}`, headers: op.headers, payload: { commissionBp: 650, sevenDayReturn: false } });
    expect(res.statusCode).toBe(200);
    const next = await tree({ 'if-none-match': etag as string });
    expect(next.statusCode).toBe(200);
    expect(flat(next.json().categories).find((n) => n.id === shirts)).toMatchObject({ commissionBp: 650, sevenDayReturn: false });
    const audit = (await env.app.inject({ method: 'GET', url: `/api/operator/audit?action=category.update&entityId=${shirts}`, headers: op.headers })).json().items[0];
    expect(audit).toMatchObject({ before: { commissionBp: null, sevenDayReturn: true }, after: { commissionBp: 650, sevenDayReturn: false } });
  });
});

describe('what the operator may select', () => {
  it('an unknown category or an empty selection is refused and nothing changes', async () => {
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await apply({ selection: { categoryIds: [999999] }, action: { type: 'set_policy', policy: 'open' } }), 404, 'category_not_found');
      expectProblem(await apply({ selection: {}, action: { type: 'set_policy', policy: 'open' } }), 422, 'empty_selection');
      expectProblem(await apply({ selection: { categoryIds: [] }, action: { type: 'set_policy', policy: 'open' } }), 422, 'empty_selection');
      expectProblem(await apply({ selection: { all: true }, action: { type: 'set_policy', policy: 'closed' } }), 400, 'validation_failed');
    });
  });

  it('a first-level category keeps a deposit', async () => {
    const apparel = await categoryId(env, 'apparel');
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await env.app.inject({ method: 'PATCH', url: `/api/operator/categories/${apparel}`, headers: op.headers, payload: { deposit: null } }), 422, 'deposit_required');
      expectProblem(await env.app.inject({ method: 'PATCH', url: `/api/operator/categories/${apparel}`, headers: op.headers, payload: {} }), 400, 'validation_failed');
    });
  });

  it('merchants cannot preview or apply bulk changes', async () => {
    const m = await signUp(env.app, 'merchant');
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await preview({ selection: { all: true }, action: { type: 'set_policy', policy: 'open' } }, m), 403, 'forbidden');
      expectProblem(await apply({ selection: { all: true }, action: { type: 'set_policy', policy: 'open' } }, m), 403, 'forbidden');
    });
  });
});
