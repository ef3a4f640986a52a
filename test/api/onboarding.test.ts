import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, multipart, operator, PDF, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { newCheckedStore } from './support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

const storeBody = (reg: string) => ({ storeName: 'Silk Road Boutique', storeType: 'specialty', subjectType: 'enterprise', legalEntity: { name: 'Silk Road Ltd', registrationNumber: reg } });

describe('a merchant applies for an open and a targeted category', () => {
  it('the open one is approved at once, the targeted one waits, and the store opens when the operator approves it', async () => {
    const m = await signUp(env.app, 'merchant');
    const op = await operator(env);
    // Its entity's first store was checked by the operator already (test/api/store-checks.test.ts): categories follow their policies.
    const store = await newCheckedStore(env, m, { storeName: 'Silk Road Boutique' });
    expect(store.status).toBe('opening');

    const up = multipart({ kind: 'brand_authorisation' }, { name: 'auth.pdf', type: 'application/pdf', data: PDF });
    const doc = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/documents`, headers: { ...m.headers, ...up.headers }, payload: up.payload });
    expect(doc.statusCode).toBe(201);
    const download = await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/documents/${doc.json().id}`, headers: m.headers });
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(PDF)).toBe(true);

    const dresses = await categoryId(env, 'apparel.women.dresses');
    const silk = await categoryId(env, 'apparel.women.silk');
    const asked = await env.app.inject({
      method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications`, headers: m.headers,
      payload: { categories: [{ categoryId: dresses, documentIds: [] }, { categoryId: silk, documentIds: [doc.json().id] }] },
    });
    expect(asked.statusCode).toBe(201);
    expect(asked.json().map((a: { status: string }) => a.status).sort()).toEqual(['approved', 'in_review']);

    const queue = await env.app.inject({ method: 'GET', url: '/api/operator/applications?status=in_review', headers: op.headers });
    const pending = queue.json().applications.find((a: { storeId: string }) => a.storeId === store.id);
    expect(pending.category.code).toBe('apparel.women.silk');
    expect(pending.documents).toHaveLength(1);

    const approved = await env.app.inject({ method: 'POST', url: `/api/operator/applications/${pending.id}/approve`, headers: op.headers });
    expect(approved.statusCode).toBe(200);
    const after = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: m.headers })).json();
    expect(after.status).toBe('open');
    expect(after.deposit.due).toBe(500000);

    const audit = (await env.app.inject({ method: 'GET', url: `/api/operator/audit?storeId=${store.id}`, headers: op.headers })).json();
    const actions = audit.items.map((i: { action: string }) => i.action);
    expect(actions).toContain('category_application.approve');
    const opened = audit.items.find((i: { action: string; after: { status: string } }) => i.action === 'store.status_changed' && i.after.status === 'open');
    expect(opened.before).toEqual({ status: 'opening' });
    expect(opened.actorRole).toBe('operator');
  });

  it('a paused category refuses the whole request and writes nothing', async () => {
    const m = await signUp(env.app, 'merchant');
    const store = (await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: m.headers, payload: storeBody('REG-000002') })).json();
    const res = await env.app.inject({
      method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications`, headers: m.headers,
      payload: { categories: [{ categoryId: await categoryId(env, 'apparel.women.coats') }, { categoryId: await categoryId(env, 'apparel.men.furs') }] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('category_paused');
    const after = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: m.headers })).json();
    expect(after.applications).toHaveLength(0);
  });

  it("a merchant never sees another store's data", async () => {
    const a = await signUp(env.app, 'merchant');
    const b = await signUp(env.app, 'merchant');
    const store = (await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: a.headers, payload: storeBody('REG-000003') })).json();
    for (const url of [`/api/merchant/stores/${store.id}`, `/api/merchant/stores/${store.id}/deposit`, `/api/merchant/stores/${store.id}/audit`]) {
      const res = await env.app.inject({ method: 'GET', url, headers: b.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('store_not_found');
    }
  });
});
