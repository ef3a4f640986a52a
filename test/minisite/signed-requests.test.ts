// A mini-site's server calls Trio with signed requests: the right signature gets through; a missing header, an
// unknown app, a wrong secret, an altered body or path, a stale time and a replayed nonce are each refused with
// their own code, over HTTP. A session does not open these routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem } from '../api/support.ts';
import { newAppSecret, secretKey, sign } from '../../src/modules/minisite/signature.ts';
import { testMiniSite, type TestMiniSite } from '../fixtures/minisite.ts';
import { openStore } from '../orders/fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

const PATH = '/api/mini-site/v1/app';
type Parts = { method?: string; url?: string; body?: string; timestamp?: string; nonce?: string; key?: string; appId?: string; signedUrl?: string; signedBody?: string };

function signedCall(site: TestMiniSite, p: Parts = {}) {
  const method = p.method ?? 'GET';
  const url = p.url ?? PATH;
  const body = p.body ?? '';
  const timestamp = p.timestamp ?? String(Math.floor(env.clock.now().getTime() / 1000));
  const nonce = p.nonce ?? `n-${Math.random().toString(36).slice(2)}`;
  const signature = sign(p.key ?? site.key, { method, path: p.signedUrl ?? url, timestamp, nonce, body: p.signedBody ?? body });
  return env.app.inject({
    method: method as 'GET', url,
    headers: { 'trio-app-id': p.appId ?? site.appId, 'trio-timestamp': timestamp, 'trio-nonce': nonce, 'trio-signature': signature, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: body } : {}),
  });
}

describe('signed requests of a mini-site server', () => {
  it('lets a correctly signed request through and says who signed it, with its linked stores', async () => {
    const s = await openStore(env);
    const owner = await account(env, 'merchant');
    const site = await testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: s.storeId, now: env.clock.now() });
    const res = await signedCall(site);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ appId: site.appId, name: site.name, linkedStores: [{ storeId: s.storeId, storeName: s.storeName }] });
  });

  it('refuses each kind of bad signature with its own code, and a replay', async () => {
    const owner = await account(env, 'merchant');
    const site = await testMiniSite(env.ctx.db, { ownerId: owner.userId, now: env.clock.now() });
    const plain = await env.app.inject({ method: 'GET', url: PATH, headers: owner.headers });
    expectProblem(plain, 401, 'signature_missing');
    const now = Math.floor(env.clock.now().getTime() / 1000);
    expectProblem(await signedCall(site, { key: secretKey(newAppSecret()) }), 401, 'signature_invalid');
    expectProblem(await signedCall(site, { appId: 'ms_0000000000000000' }), 401, 'signature_invalid');
    expectProblem(await signedCall(site, { url: `${PATH}?x=1`, signedUrl: PATH }), 401, 'signature_invalid');
    expectProblem(await signedCall(site, { timestamp: String(now - 301) }), 401, 'signature_stale');
    expectProblem(await signedCall(site, { timestamp: String(now + 301) }), 401, 'signature_stale');
    expectProblem(await signedCall(site, { nonce: 'x'.repeat(65) }), 401, 'signature_invalid');
    // The same nonce twice: the second is a replay, even with a correct signature.
    expect((await signedCall(site, { nonce: 'once-only' })).statusCode).toBe(200);
    expectProblem(await signedCall(site, { nonce: 'once-only' }), 401, 'signature_replayed');
    // A failed check does not burn the nonce: the genuine request with it still goes through.
    expectProblem(await signedCall(site, { nonce: 'kept', key: secretKey(newAppSecret()) }), 401, 'signature_invalid');
    expect((await signedCall(site, { nonce: 'kept' })).statusCode).toBe(200);
  });

  it('signs the raw body: one byte changed after signing is refused', async () => {
    const owner = await account(env, 'merchant');
    const site = await testMiniSite(env.ctx.db, { ownerId: owner.userId, now: env.clock.now() });
    // GET with a body is unusual but the signature still covers exactly what arrived.
    expectProblem(await signedCall(site, { method: 'GET', body: '{"a":1}', signedBody: '{"a":2}' }), 401, 'signature_invalid');
  });

  it('forgets nonces after the window, when a replay would be stale anyway', async () => {
    const owner = await account(env, 'merchant');
    const site = await testMiniSite(env.ctx.db, { ownerId: owner.userId, now: env.clock.now() });
    const old = String(Math.floor(env.clock.now().getTime() / 1000));
    expect((await signedCall(site, { nonce: 'aging', timestamp: old })).statusCode).toBe(200);
    env.clock.advance(11 * 60_000);
    const { forgetNonces } = await import('../../src/modules/minisite/signed-requests.ts');
    expect(await forgetNonces(env.ctx)).toBeGreaterThan(0);
    expectProblem(await signedCall(site, { nonce: 'aging', timestamp: old }), 401, 'signature_stale');
  });
});
