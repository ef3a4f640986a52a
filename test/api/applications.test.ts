// A merchant applies for a store and its categories; the operator reviews.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, operator, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { ask, expectProblem, getStore, newCheckedStore, newStore, regNumber, scalar, storeBody, uploadOk, writesNothing, type Who } from './support.ts';

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

const approve = (id: string, who = op) => env.app.inject({ method: 'POST', url: `/api/operator/applications/${id}/approve`, headers: who.headers });
const reject = (id: string, reason: unknown, who = op) => env.app.inject({ method: 'POST', url: `/api/operator/applications/${id}/reject`, headers: who.headers, payload: { reason } });
const withdraw = (m: Who, storeId: string, id: string) => env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeId}/category-applications/${id}/withdraw`, headers: m.headers });

describe('open categories', () => {
  it('without its mandatory qualification an open category is refused with 422 qualification_missing, naming what is missing, and nothing is written', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const citrus = await categoryId(env, 'fresh.fruit.citrus');
    const body = await writesNothing(env.ctx.db, async () => expectProblem(await ask(env, m, store.id, ['fresh.fruit.citrus']), 422, 'qualification_missing'));
    expect(body.missing).toEqual([{ categoryId: citrus, kinds: ['food_business_licence'] }]);
  });

  it('a document of another kind does not stand in for the mandatory one', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const wrong = await uploadOk(env, m, store.id, 'brand_authorisation');
    expectProblem(await ask(env, m, store.id, [['fresh.fruit.citrus', [wrong]]]), 422, 'qualification_missing');
  });

  it('with the mandatory qualification the open category is approved at once and the store opens', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const licence = await uploadOk(env, m, store.id, 'food_business_licence');
    const res = await ask(env, m, store.id, [['fresh.fruit.citrus', [licence]]]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject([{ status: 'approved', documentIds: [licence], decidedAt: expect.any(String) }]);
    const after = await getStore(env, m, store.id);
    expect(after.status).toBe('open');
    expect(after.openedAt).toEqual(expect.any(String));
    expect(after.applications[0].category.code).toBe('fresh.fruit.citrus');
  });

  it('one refused category refuses the whole request: all or nothing', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await ask(env, m, store.id, ['apparel.women.dresses', 'fresh.fruit.citrus']), 422, 'qualification_missing');
    });
  });

  it('only third-level categories can be asked for, each once per request', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    expectProblem(await ask(env, m, store.id, ['apparel']), 422, 'category_not_leaf');
    expectProblem(await ask(env, m, store.id, ['apparel.women']), 422, 'category_not_leaf');
    expectProblem(await ask(env, m, store.id, ['apparel.women.dresses', 'apparel.women.dresses']), 422, 'duplicate_category');
  });
});

describe('targeted categories and the review', () => {
  it('a targeted category waits in review and the store stays opening until the operator decides', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    const res = await ask(env, m, store.id, [['apparel.women.silk', [doc]]]);
    expect(res.statusCode).toBe(201);
    expect(res.json()[0]).toMatchObject({ status: 'in_review', decidedAt: null });
    expect((await getStore(env, m, store.id)).status).toBe('opening');
    const queue = (await env.app.inject({ method: 'GET', url: '/api/operator/applications?status=in_review', headers: op.headers })).json().applications;
    expect(queue.map((a: { id: string }) => a.id)).toContain(res.json()[0].id);
  });

  it('the operator rejects with a reason; the merchant sees the reason and may apply again', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    const app = (await ask(env, m, store.id, [['apparel.women.silk', [doc]]])).json()[0];
    const reason = 'The brand authorisation expired in 2025; upload the renewed one.';
    const rejected = await reject(app.id, reason);
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason });

    const seen = await getStore(env, m, store.id);
    expect(seen.applications.find((a: { id: string }) => a.id === app.id)).toMatchObject({ status: 'rejected', reason });
    expect(seen.status).toBe('opening');
    const audit = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/audit?action=category_application.reject`, headers: m.headers })).json();
    expect(audit.items[0]).toMatchObject({ before: { status: 'in_review' }, after: { status: 'rejected', reason }, actorRole: 'operator' });

    const again = await ask(env, m, store.id, [['apparel.women.silk', [doc]]]);
    expect(again.statusCode).toBe(201);
    expect(again.json()[0].status).toBe('in_review');
  });

  it('a rejection needs a reason', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    const app = (await ask(env, m, store.id, [['apparel.women.silk', [doc]]])).json()[0];
    await writesNothing(env.ctx.db, async () => {
      for (const reason of [undefined, '', ' ', 'x'.repeat(501)]) {
        const body = expectProblem(await reject(app.id, reason), 400, 'validation_failed');
        expect(body.errors[0].path).toBe('body.reason');
      }
    });
  });

  it('approving the last application in review opens the store, recorded in the audit log', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const assay = await uploadOk(env, m, store.id, 'gold_assay_report');
    const app = (await ask(env, m, store.id, [['jewellery.gold.rings', [assay]]])).json()[0];
    const approved = await approve(app.id);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', reason: null });
    const after = await getStore(env, m, store.id);
    expect(after.status).toBe('open');
    const audit = (await env.app.inject({ method: 'GET', url: `/api/operator/audit?storeId=${store.id}&entityType=store`, headers: op.headers })).json();
    expect(audit.items.find((i: { action: string }) => i.action === 'store.status_changed')).toMatchObject({ before: { status: 'opening' }, after: { status: 'open' } });
  });

  it('a decided application cannot be decided again (409) and stays as it was', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    const app = (await ask(env, m, store.id, [['apparel.women.silk', [doc]]])).json()[0];
    await approve(app.id);
    await writesNothing(env.ctx.db, async () => {
      const body = expectProblem(await reject(app.id, 'Changed my mind'), 409, 'category_application_transition_not_allowed');
      expect(body).toMatchObject({ state: 'approved', event: 'reject' });
      expectProblem(await approve(app.id), 409, 'category_application_transition_not_allowed');
    });
  });
});

describe('withdrawing', () => {
  it('the merchant withdraws an application in review; it leaves the review queue', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    const app = (await ask(env, m, store.id, [['apparel.women.silk', [doc]]])).json()[0];
    const res = await withdraw(m, store.id, app.id);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('withdrawn');
    const queue = (await env.app.inject({ method: 'GET', url: '/api/operator/applications?status=in_review&limit=200', headers: op.headers })).json().applications;
    expect(queue.map((a: { id: string }) => a.id)).not.toContain(app.id);
    expectProblem(await approve(app.id), 409, 'category_application_transition_not_allowed');
  });

  it('an approved application cannot be withdrawn (409)', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const app = (await ask(env, m, store.id, ['apparel.women.dresses'])).json()[0];
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await withdraw(m, store.id, app.id), 409, 'category_application_transition_not_allowed');
    });
  });
});

describe('asking twice', () => {
  it('a category already approved or in review for the store cannot be asked for again (409)', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    expect((await ask(env, m, store.id, ['apparel.women.dresses', ['apparel.women.silk', [doc]]])).statusCode).toBe(201);
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await ask(env, m, store.id, ['apparel.women.dresses']), 409, 'category_already_requested');
      expectProblem(await ask(env, m, store.id, [['apparel.women.silk', [doc]]]), 409, 'category_already_requested');
    });
  });

  it('a withdrawn category may be asked for again', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    const app = (await ask(env, m, store.id, [['apparel.women.silk', [doc]]])).json()[0];
    await withdraw(m, store.id, app.id);
    expect((await ask(env, m, store.id, [['apparel.women.silk', [doc]]])).statusCode).toBe(201);
  });

  it('a paused category takes no applications', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const furs = await categoryId(env, 'apparel.men.furs');
    const body = expectProblem(await ask(env, m, store.id, ['apparel.men.furs']), 422, 'category_paused');
    expect(body.categoryIds).toEqual([furs]);
  });
});

describe('stores per legal entity', () => {
  it('a legal entity may hold at most five stores that are not closed; the sixth is refused with 409 entity_store_limit', async () => {
    const m = merchant;
    const reg = regNumber('ENT');
    const stores = [];
    for (let i = 0; i < 5; i++) stores.push(await newStore(env, m, storeBody(reg, { storeName: `Branch ${i + 1}` })));
    const entityId = stores[0].legalEntity.id;
    expect(new Set(stores.map((s) => s.legalEntity.id))).toEqual(new Set([entityId]));
    const other = await signUp(env.app, 'merchant');
    await writesNothing(env.ctx.db, async () => {
      const body = expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: m.headers, payload: storeBody(reg, { storeName: 'Branch 6' }) }), 409, 'entity_store_limit');
      expect(body.limit).toBe(5);
    });
    // Another merchant account with the same entity, written in lower case, attaches nothing: its store waits in entity review.
    const sneaky = await newStore(env, other, storeBody(reg.toLowerCase(), { storeName: 'Sneaky' }));
    expect(sneaky).toMatchObject({ legalEntity: { id: null }, entityClaim: { status: 'documents_required' } });
    expect(await scalar(env.ctx.db, sql`select count(*) from stores where legal_entity_id = ${entityId}`)).toBe(5);

    // Cancelling one application frees a place.
    const cancelled = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${stores[0].id}/status`, headers: m.headers, payload: { event: 'cancel' } });
    expect(cancelled.json().status).toBe('closed');
    expect((await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: m.headers, payload: storeBody(reg, { storeName: 'Branch 6' }) })).statusCode).toBe(201);
    expect(await scalar(env.ctx.db, sql`select count(*) from stores where legal_entity_id = ${entityId} and status <> 'closed'`)).toBe(5);
  });

  it('a legal entity keeps its subject type', async () => {
    const m = merchant;
    const reg = regNumber('SUBJ');
    await newStore(env, m, storeBody(reg));
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: m.headers, payload: storeBody(reg, { subjectType: 'individual_business', storeType: 'individual' }) }), 422, 'subject_type_mismatch');
  });

  it('a closed store asks for no new categories', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/status`, headers: m.headers, payload: { event: 'cancel' } });
    expectProblem(await ask(env, m, store.id, ['apparel.women.dresses']), 409, 'store_not_accepting');
  });
});
