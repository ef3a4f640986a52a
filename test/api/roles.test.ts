// Roles are enforced on every call; a merchant sees only its own stores.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { categoryId, multipart, operator, PDF, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { apiOperations, ask, expectProblem, fill, getStore, newCheckedStore, newStore, openStore, snapshot, uploadOk, type Who } from './support.ts';

let env: TestEnv;
let ops: Awaited<ReturnType<typeof apiOperations>>['ops'];
beforeAll(async () => {
  env = await testEnv();
  ops = (await apiOperations(env.app)).ops;
});
afterAll(async () => { await env?.close(); });

/** The only operations anyone may call without signing in. */
const PUBLIC = ['GET /api/categories', 'GET /api/carriers', 'POST /api/auth/register', 'POST /api/auth/login'];
/**
 * ...and the storefront, which buyers browse before signing in, the sandbox cashier (its prepay id is the key), and
 * operations whose OpenAPI document says they need no credentials (`security: []`, e.g. a gift shop's scan page).
 */
const isPublic = (o: { method: string; path: string; operation: Record<string, unknown> }) =>
  PUBLIC.includes(`${o.method} ${o.path}`) || (o.method === 'GET' && o.path.startsWith('/api/storefront/')) || o.path.startsWith('/api/sandbox/cashier/') ||
  (Array.isArray(o.operation.security) && o.operation.security.length === 0);
const anyParams = (p: string) => fill(p, {}, (name) => (name === 'categoryId' ? '1' : randomUUID()));

describe('every route declares who may call it', () => {
  it('a route under /api without an access declaration stops the app from starting', async () => {
    const { app } = await buildApp({ database: env.database, config: env.ctx.config, clock: env.clock, logger: false });
    expect(() => app.get('/api/forgotten', async () => ({ secret: true }))).toThrow(/declares no access: add it to the access table/);
    // Access is declared in the one table (src/access.ts), never beside the route.
    expect(() => app.get('/api/declared', { config: { access: 'public' } }, async () => ({}))).toThrow(/inline: move it into the access table/);
    await app.close();
  });

  it('the API has the operations this suite expects to guard', () => {
    expect(ops.length).toBeGreaterThanOrEqual(30);
    for (const p of PUBLIC) expect(ops.map((o) => `${o.method} ${o.path}`)).toContain(p);
  });
});

describe('who may call what', () => {
  it('without a token every operation but the public ones answers 401', async () => {
    const guarded = ops.filter((o) => !isPublic(o));
    for (const o of guarded) {
      const res = await env.app.inject({ method: o.method as 'GET', url: anyParams(o.path), payload: o.method === 'GET' || o.method === 'DELETE' ? undefined : {} });
      expect({ op: `${o.method} ${o.path}`, status: res.statusCode }).toEqual({ op: `${o.method} ${o.path}`, status: 401 });
      expect(res.json().code).toBe('unauthorized');
    }
  });

  it('a buyer gets 403 on every merchant and operator operation', async () => {
    const buyer = await signUp(env.app, 'buyer');
    for (const o of ops.filter((x) => x.path.startsWith('/api/merchant') || x.path.startsWith('/api/operator'))) {
      const res = await env.app.inject({ method: o.method as 'GET', url: anyParams(o.path), headers: buyer.headers, payload: o.method === 'GET' || o.method === 'DELETE' ? undefined : {} });
      expect({ op: `${o.method} ${o.path}`, status: res.statusCode }).toEqual({ op: `${o.method} ${o.path}`, status: 403 });
      expect(res.json().code).toBe('forbidden');
    }
  });

  it('a merchant gets 403 on every operator operation, and an operator on every merchant operation', async () => {
    const merchant = await signUp(env.app, 'merchant');
    const op = await operator(env);
    for (const o of ops) {
      const who = o.path.startsWith('/api/operator') ? merchant : o.path.startsWith('/api/merchant') ? op : undefined;
      if (!who) continue;
      const res = await env.app.inject({ method: o.method as 'GET', url: anyParams(o.path), headers: who.headers, payload: o.method === 'GET' || o.method === 'DELETE' ? undefined : {} });
      expect({ op: `${o.method} ${o.path}`, status: res.statusCode }).toEqual({ op: `${o.method} ${o.path}`, status: 403 });
    }
  });

  it('the public operations answer without a token', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/api/categories' })).statusCode).toBe(200);
  });
});

describe("a merchant never reads or changes another store's data", () => {
  it('every store-scoped operation answers 404 store_not_found for a store that is not theirs, and changes nothing', async () => {
    const a = await signUp(env.app, 'merchant');
    const b = await signUp(env.app, 'merchant');
    const storeA = await openStore(env, a, ['apparel.women.dresses']);
    await newStore(env, b);
    const doc = await uploadOk(env, a, storeA.id, 'brand_authorisation');
    const pending = (await ask(env, a, storeA.id, [['apparel.women.silk', [doc]]])).json()[0];
    const key = (await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeA.id}/api-keys`, headers: a.headers, payload: { name: 'A key', scopes: ['store.read'] } })).json();
    const dresses = await categoryId(env, 'apparel.women.dresses');
    const coats = await categoryId(env, 'apparel.women.coats');
    const params = { storeId: storeA.id, applicationId: pending.id, keyId: key.id, documentId: doc, userId: a.userId! };

    // A valid request for every store-scoped operation: only the store makes it wrong.
    const requests: Record<string, () => { payload?: unknown; headers?: Record<string, string>; query?: string }> = {
      'GET /api/merchant/stores/:storeId': () => ({}),
      'GET /api/merchant/stores/:storeId/deposit': () => ({}),
      'GET /api/merchant/stores/:storeId/audit': () => ({}),
      'GET /api/merchant/stores/:storeId/documents': () => ({}),
      'GET /api/merchant/stores/:storeId/staff': () => ({}),
      'GET /api/merchant/stores/:storeId/api-keys': () => ({}),
      'GET /api/merchant/stores/:storeId/listing-eligibility': () => ({ query: `categoryId=${dresses}` }),
      'POST /api/merchant/stores/:storeId/documents': () => {
        const up = multipart({ kind: 'brand_authorisation' }, { name: 'a.pdf', type: 'application/pdf', data: PDF });
        return { payload: up.payload, headers: up.headers };
      },
      'POST /api/merchant/stores/:storeId/category-applications': () => ({ payload: { categories: [{ categoryId: coats }] } }),
      'POST /api/merchant/stores/:storeId/category-applications/:applicationId/withdraw': () => ({}),
      'POST /api/merchant/stores/:storeId/status': () => ({ payload: { event: 'request_close' } }),
      'PATCH /api/merchant/stores/:storeId/staff/:userId': () => ({ payload: { role: 'manager' } }),
      'DELETE /api/merchant/stores/:storeId/staff/:userId': () => ({}),
      'POST /api/merchant/stores/:storeId/api-keys': () => ({ payload: { name: 'stolen', scopes: ['store.read'] } }),
      'DELETE /api/merchant/stores/:storeId/api-keys/:keyId': () => ({}),
      'GET /api/merchant/stores/:storeId/documents/:documentId': () => ({}),
      'POST /api/merchant/stores/:storeId/deposit/top-ups': () => ({ payload: { amount: 100 } }),
    };
    const scoped = ops.filter((o) => o.path.startsWith('/api/merchant/stores/:storeId'));
    // Every onboarding operation on a store is in the table above (one added later must be added there too).
    const M1_RESOURCES = ['', 'deposit', 'audit', 'documents', 'staff', 'api-keys', 'listing-eligibility', 'category-applications', 'status'];
    const m1 = scoped.filter((o) => M1_RESOURCES.includes(o.path.split('/')[5] ?? ''));
    for (const o of m1) expect(Object.keys(requests), `${o.method} ${o.path}`).toContain(`${o.method} ${o.path}`);

    const before = await snapshot(env.ctx.db);
    for (const [op, make] of Object.entries(requests)) {
      const [method, p] = op.split(' ');
      const r = make();
      const url = fill(p, params) + (r.query ? `?${r.query}` : '');
      const res = await env.app.inject({ method: method as 'GET', url, headers: { ...b.headers, ...(r.headers ?? {}) }, payload: r.payload as string });
      expect({ op, status: res.statusCode, code: res.json().code }).toEqual({ op, status: 404, code: 'store_not_found' });
    }
    expect(await snapshot(env.ctx.db)).toEqual(before);

    // Every other store-scoped operation (later modules) refuses too, whatever it is.
    for (const o of scoped.filter((x) => !(`${x.method} ${x.path}` in requests))) {
      const res = await env.app.inject({ method: o.method as 'GET', url: fill(o.path, params, () => randomUUID()), headers: b.headers, payload: o.method === 'GET' || o.method === 'DELETE' ? undefined : {} });
      expect([400, 404], `${o.method} ${o.path} -> ${res.statusCode}`).toContain(res.statusCode);
    }

    // The owner still sees everything as it was.
    const after = await getStore(env, a, storeA.id);
    expect(after.status).toBe('open');
    expect(after.applications.find((x: { id: string }) => x.id === pending.id).status).toBe('in_review');
    const staff = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${storeA.id}/staff`, headers: a.headers })).json();
    expect(staff.map((s: { email: string }) => s.email)).toEqual([a.email]);
  });

  it("ids of another store's things are not found through one's own store either", async () => {
    const a = await signUp(env.app, 'merchant');
    const b = await signUp(env.app, 'merchant');
    const storeA = await newCheckedStore(env, a);
    const storeB = await newStore(env, b);
    const docA = await uploadOk(env, a, storeA.id, 'brand_authorisation');
    const appA = (await ask(env, a, storeA.id, [['apparel.women.silk', [docA]]])).json()[0];
    const before = await snapshot(env.ctx.db);
    // B withdraws A's application through B's store.
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeB.id}/category-applications/${appA.id}/withdraw`, headers: b.headers }), 404, 'category_application_not_found');
    // B uses A's document to qualify for a category.
    expectProblem(await ask(env, b, storeB.id, [['apparel.women.silk', [docA]]]), 404, 'document_not_found');
    expect(await snapshot(env.ctx.db)).toEqual(before);
  });

  it("a merchant's store list holds only its own stores", async () => {
    const a = await signUp(env.app, 'merchant');
    const b = await signUp(env.app, 'merchant');
    const storeA = await newStore(env, a);
    await newStore(env, b);
    const listed = (await env.app.inject({ method: 'GET', url: '/api/merchant/stores', headers: a.headers })).json();
    expect(listed.map((s: { id: string }) => s.id)).toEqual([storeA.id]);
  });

  it('only the operator downloads qualification documents', async () => {
    const a = await signUp(env.app, 'merchant');
    const op = await operator(env);
    const store = await newStore(env, a);
    const doc = await uploadOk(env, a, store.id, 'brand_authorisation');
    const res = await env.app.inject({ method: 'GET', url: `/api/operator/documents/${doc}`, headers: op.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/operator/documents/${doc}`, headers: a.headers }), 403, 'forbidden');
  });
});
