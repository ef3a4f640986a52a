import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, operator, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, newStore, rows, type Who } from './support.ts';

let env: TestEnv;
let owner: Who;
let store: { id: string };
let otherStore: { id: string };
beforeAll(async () => {
  env = await testEnv();
  owner = await signUp(env.app, 'merchant');
  store = await newStore(env, owner);
  const other = await signUp(env.app, 'merchant');
  otherStore = await newStore(env, other);
});
afterAll(async () => { await env?.close(); });

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
async function createKey(name = 'ERP', scopes = ['store.read', 'finance.read', 'catalog.read']) {
  const res = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/api-keys`, headers: owner.headers, payload: { name, scopes } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string; prefix: string; name: string; scopes: string[] };
}

describe('store API keys', () => {
  it('a merchant creates a key for its store; the key is shown once and kept only as a hash', async () => {
    const created = await createKey('Warehouse system');
    expect(created.key).toMatch(/^trk_[\w-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const listed = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/api-keys`, headers: owner.headers })).json();
    const mine = listed.find((k: { id: string }) => k.id === created.id);
    expect(mine).toMatchObject({ name: 'Warehouse system', prefix: created.prefix, revokedAt: null, scopes: ['store.read', 'catalog.read', 'finance.read'] });
    expect(mine).not.toHaveProperty('key');
    const [row] = await rows(env.ctx.db, `api_keys where id = '${created.id}'`);
    expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(row.store_id).toBe(store.id);
    expect(JSON.stringify(await rows(env.ctx.db, 'api_keys'))).not.toContain(created.key);
  });

  it("the key reads its own store's routes and records when it was last used", async () => {
    const { id, key } = await createKey();
    const res = await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: bearer(key) });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(store.id);
    expect((await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/deposit`, headers: bearer(key) })).statusCode).toBe(200);
    const dresses = await categoryId(env, 'apparel.women.dresses');
    const elig = await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/listing-eligibility?categoryId=${dresses}`, headers: bearer(key) });
    expect(elig.statusCode).toBe(200);
    const [row] = await rows(env.ctx.db, `api_keys where id = '${id}'`);
    expect(row.last_used_at).not.toBeNull();
  });

  it('the key is refused on another store as if that store did not exist', async () => {
    const { key } = await createKey();
    for (const url of [`/api/merchant/stores/${otherStore.id}`, `/api/merchant/stores/${otherStore.id}/deposit`]) {
      expectProblem(await env.app.inject({ method: 'GET', url, headers: bearer(key) }), 404, 'store_not_found');
    }
  });

  it('the key is refused on operator routes and on what only a signed-in person may do', async () => {
    const { key } = await createKey();
    for (const [method, url] of [
      ['GET', '/api/operator/stores'],
      ['GET', '/api/operator/applications'],
      ['GET', `/api/operator/stores/${store.id}`],
      ['GET', '/api/merchant/stores'],
      ['GET', '/api/me'],
      ['GET', `/api/merchant/stores/${store.id}/api-keys`],
      ['POST', `/api/merchant/stores/${store.id}/api-keys`],
      ['POST', `/api/merchant/stores/${store.id}/status`],
    ] as const) {
      expectProblem(await env.app.inject({ method, url, headers: bearer(key), payload: method === 'POST' ? { name: 'x', event: 'cancel' } : undefined }), 403, 'forbidden');
    }
    // The store was not touched by the refused calls.
    expect((await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: owner.headers })).json().status).toBe('opening');
  });

  it('a key does only what its scopes allow, and can never be given staff or key management', async () => {
    const { key } = await createKey('Reader', ['store.read']);
    expect((await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: bearer(key) })).json().me).toEqual({ role: 'api_key', permissions: ['store.read'] });
    const refused = expectProblem(await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/deposit`, headers: bearer(key) }), 403, 'scope_missing');
    expect(refused.detail).toContain('finance.read');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/products`, headers: bearer(key), payload: {} }), 403, 'scope_missing');
    const before = await rows(env.ctx.db, 'api_keys', 'id');
    for (const scopes of [['staff.manage'], ['api_keys.manage', 'store.read'], [], ['no.such']]) {
      const res = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/api-keys`, headers: owner.headers, payload: { name: 'too much', scopes } });
      expectProblem(res, 400, 'validation_failed');
    }
    expect(await rows(env.ctx.db, 'api_keys', 'id')).toEqual(before);
  });

  it('a revoked key stops working at once, and cannot be revoked twice', async () => {
    const { id, key } = await createKey();
    expect((await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: bearer(key) })).statusCode).toBe(200);
    const revoked = await env.app.inject({ method: 'DELETE', url: `/api/merchant/stores/${store.id}/api-keys/${id}`, headers: owner.headers });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: bearer(key) }), 401, 'invalid_credentials');
    expectProblem(await env.app.inject({ method: 'DELETE', url: `/api/merchant/stores/${store.id}/api-keys/${id}`, headers: owner.headers }), 404, 'api_key_not_found');
  });

  it("another merchant can neither see, create nor revoke this store's keys", async () => {
    const { id, key } = await createKey();
    const stranger = await signUp(env.app, 'merchant');
    const strangerStore = await newStore(env, stranger);
    const before = await rows(env.ctx.db, 'api_keys', 'id');
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/api-keys`, headers: stranger.headers }), 404, 'store_not_found');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/api-keys`, headers: stranger.headers, payload: { name: 'mine now', scopes: ['store.read'] } }), 404, 'store_not_found');
    expectProblem(await env.app.inject({ method: 'DELETE', url: `/api/merchant/stores/${store.id}/api-keys/${id}`, headers: stranger.headers }), 404, 'store_not_found');
    // Through their own store, with this store's key id: still nothing.
    expectProblem(await env.app.inject({ method: 'DELETE', url: `/api/merchant/stores/${strangerStore.id}/api-keys/${id}`, headers: stranger.headers }), 404, 'api_key_not_found');
    expect(await rows(env.ctx.db, 'api_keys', 'id')).toEqual(before);
    expect((await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: bearer(key) })).statusCode).toBe(200);
  });

  it('buyers and operators cannot create store keys', async () => {
    const buyer = await signUp(env.app, 'buyer');
    const op = await operator(env);
    for (const who of [buyer, op]) {
      expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/api-keys`, headers: who.headers, payload: { name: 'x', scopes: ['store.read'] } }), 403, 'forbidden');
    }
  });
});

describe('keys and the store they belong to', () => {
  it('creating and revoking a key are in the audit log; a key of a closed store opens nothing', async () => {
    const m = await signUp(env.app, 'merchant');
    const s = await newStore(env, m);
    const made = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${s.id}/api-keys`, headers: m.headers, payload: { name: 'Warehouse', scopes: ['store.read'] } });
    const key = made.json();
    const spare = (await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${s.id}/api-keys`, headers: m.headers, payload: { name: 'Spare', scopes: ['store.read'] } })).json();
    await env.app.inject({ method: 'DELETE', url: `/api/merchant/stores/${s.id}/api-keys/${spare.id}`, headers: m.headers });
    const audit = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${s.id}/audit`, headers: m.headers })).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toEqual(expect.arrayContaining(['api_key.created', 'api_key.revoked']));
    expect((await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${s.id}`, headers: bearer(key.key) })).statusCode).toBe(200);
    // the store (still opening) is cancelled: closed
    const closed = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${s.id}/status`, headers: m.headers, payload: { event: 'cancel' } });
    expect(closed.json().status).toBe('closed');
    const res = await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${s.id}`, headers: bearer(key.key) });
    expect(res.statusCode).toBe(401);
  });
});
