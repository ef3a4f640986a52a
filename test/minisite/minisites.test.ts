// Mini-sites over HTTP: a merchant account creates one (the app secret answered once, only its hash kept), edits its
// settings, rotates the secret (the old one stops signing at once), shares ownership by e-mail and never loses its
// last owner; bad origins, callback URLs and slugs are refused with their codes and write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, rows, scalar, type Who } from '../api/support.ts';
import { secretKey, sign, signatureMatches } from '../../src/modules/minisite/signature.ts';
import { miniSiteById } from '../../src/modules/minisite/reads.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

const call = (method: string, url: string, who: Who | undefined, payload?: unknown) =>
  env.app.inject({ method: method as 'GET', url, headers: who?.headers ?? {}, payload: payload as object });
let n = 0;
const slug = () => `site-${++n}-${Date.now() % 1_000_000}`;
const parts = { method: 'GET', path: '/api/mini-site/v1/gift-activities', timestamp: '1793520000', nonce: 'n-1', body: '' };

async function create(who: Who, over: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/minisites', who, { name: 'Lotus Tea', slug: slug(), ...over });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { miniSite: { id: string; appId: string; slug: string }; secret: string };
}

describe('creating a mini-site', () => {
  it('answers the app id and the secret once; only its hash is kept, and it signs', async () => {
    const brand = await account(env, 'merchant');
    const s = slug();
    const res = await call('POST', '/api/minisites', brand, {
      name: 'Lotus Tea', slug: s, defaultLocale: 'zh', allowedOrigins: ['https://lotus.example', 'http://localhost:3001'], callbackUrl: 'https://lotus.example/trio/notices',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { miniSite, secret } = res.json();
    expect(miniSite).toMatchObject({
      appId: expect.stringMatching(/^ms_[0-9a-f]{16}$/), slug: s, name: 'Lotus Tea', defaultLocale: 'zh',
      allowedOrigins: ['https://lotus.example', 'http://localhost:3001'], callbackUrl: 'https://lotus.example/trio/notices',
      owners: [expect.objectContaining({ userId: brand.userId, email: brand.email })],
    });
    expect(secret.length).toBeGreaterThanOrEqual(40);
    // Stored: the hash, never the secret.
    const stored = await miniSiteById(env.ctx.db, miniSite.id);
    expect(stored!.secretHash).toBe(secretKey(secret));
    expect(JSON.stringify(await rows(env.ctx.db, 'mini_sites'))).not.toContain(secret);
    expect(JSON.stringify(await rows(env.ctx.db, `audit_log where entity_id = '${miniSite.id}'`))).not.toContain(secret);
    expect(signatureMatches(stored!.secretHash, parts, sign(secretKey(secret), parts))).toBe(true);
    // Read again: no secret anywhere in the answers.
    expect((await call('GET', `/api/minisites/${miniSite.id}`, brand)).body).not.toContain(secret);
    expect((await call('GET', '/api/minisites', brand)).body).not.toContain(secret);
    expect((await call('GET', '/api/minisites', brand)).json()).toEqual([expect.objectContaining({ id: miniSite.id, linkedStores: 0, pendingInvitations: 0 })]);
  });

  it('rotating the secret shows a new one once; the old one stops signing at once', async () => {
    const brand = await account(env, 'merchant');
    const { miniSite, secret: old } = await create(brand);
    const res = await call('POST', `/api/minisites/${miniSite.id}/secret`, brand);
    expect(res.statusCode, res.body).toBe(200);
    const { secret: fresh } = res.json();
    expect(fresh).not.toBe(old);
    const { secretHash } = (await miniSiteById(env.ctx.db, miniSite.id))!;
    expect(signatureMatches(secretHash, parts, sign(secretKey(old), parts))).toBe(false);
    expect(signatureMatches(secretHash, parts, sign(secretKey(fresh), parts))).toBe(true);
    expect((await rows(env.ctx.db, `audit_log where entity_id = '${miniSite.id}'`, 'id')).map((a) => a.action)).toEqual(['minisite.created', 'minisite.secret_rotated']);
  });

  it('refuses bad origins, callback URLs, slugs and a taken slug, writing nothing', async () => {
    const brand = await account(env, 'merchant');
    const count = () => scalar(env.ctx.db, sql`select count(*) from mini_sites`);
    const before = await count();
    for (const origin of ['http://lotus.example', 'https://lotus.example/', 'https://lotus.example/shop', 'lotus.example', 'https://LOTUS.example', 'ftp://lotus.example', 'https://user@lotus.example', '*']) {
      const p = expectProblem(await call('POST', '/api/minisites', brand, { name: 'X', slug: slug(), allowedOrigins: [origin] }), 422, 'origin_invalid');
      expect(p.origin).toBe(origin);
    }
    for (const url of ['http://lotus.example/notices', 'notices', 'https://a:b@lotus.example/n', 'https://lotus.example/n#x', 'javascript:alert(1)']) {
      expectProblem(await call('POST', '/api/minisites', brand, { name: 'X', slug: slug(), callbackUrl: url }), 422, 'callback_url_invalid');
    }
    for (const bad of ['a', 'Has Space', '-dash', 'dash-', 'x'.repeat(41), 'ünï']) {
      expectProblem(await call('POST', '/api/minisites', brand, { name: 'X', slug: bad }), 400, 'validation_failed');
    }
    expectProblem(await call('POST', '/api/minisites', brand, { name: 'X', slug: slug(), defaultLocale: 'fr' }), 400, 'validation_failed');
    expectProblem(await call('POST', '/api/minisites', brand, { name: '', slug: slug() }), 400, 'validation_failed');
    expect(await count()).toBe(before);
    // Local development is fine over http.
    await create(brand, { allowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:8080'], callbackUrl: 'http://localhost:4000/notices' });
    const taken = (await create(brand)).miniSite.slug;
    const other = await account(env, 'merchant');
    expectProblem(await call('POST', '/api/minisites', other, { name: 'Y', slug: taken }), 409, 'slug_taken');
    expect(await count()).toBe(before + 2);
  });

  it('buyers and strangers cannot', async () => {
    const buyer = await account(env, 'buyer');
    expectProblem(await call('POST', '/api/minisites', buyer, { name: 'X', slug: slug() }), 403, 'forbidden');
    expectProblem(await call('POST', '/api/minisites', undefined, { name: 'X', slug: slug() }), 401, 'unauthorized');
  });
});

describe('settings', () => {
  it('an owner edits the name, origins, callback URL and language; another account gets 404', async () => {
    const brand = await account(env, 'merchant');
    const { miniSite } = await create(brand, { allowedOrigins: ['https://a.example'] });
    const res = await call('PATCH', `/api/minisites/${miniSite.id}`, brand, { name: 'Lotus Tea House', allowedOrigins: ['https://b.example', 'https://b.example'], callbackUrl: 'https://b.example/n', defaultLocale: 'vi' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Lotus Tea House', allowedOrigins: ['https://b.example'], callbackUrl: 'https://b.example/n', defaultLocale: 'vi', slug: miniSite.slug, appId: miniSite.appId });
    // Only what is given changes; null clears the callback.
    expect((await call('PATCH', `/api/minisites/${miniSite.id}`, brand, { callbackUrl: null })).json()).toMatchObject({ name: 'Lotus Tea House', callbackUrl: null, allowedOrigins: ['https://b.example'] });
    expectProblem(await call('PATCH', `/api/minisites/${miniSite.id}`, brand, { allowedOrigins: ['https://b.example/path'] }), 422, 'origin_invalid');
    const [audit] = await rows(env.ctx.db, `audit_log where entity_id = '${miniSite.id}' and action = 'minisite.updated'`, 'id');
    expect(audit.before).toMatchObject({ name: 'Lotus Tea', allowedOrigins: ['https://a.example'] });
    expect(audit.after).toMatchObject({ name: 'Lotus Tea House', defaultLocale: 'vi' });

    const stranger = await account(env, 'merchant');
    for (const res of [
      await call('GET', `/api/minisites/${miniSite.id}`, stranger),
      await call('PATCH', `/api/minisites/${miniSite.id}`, stranger, { name: 'Mine' }),
      await call('POST', `/api/minisites/${miniSite.id}/secret`, stranger),
      await call('POST', `/api/minisites/${miniSite.id}/owners`, stranger, { email: stranger.email }),
    ]) expectProblem(res, 404, 'mini_site_not_found');
    expect((await call('GET', '/api/minisites', stranger)).json()).toEqual([]);
    expect((await miniSiteById(env.ctx.db, miniSite.id))!.name).toBe('Lotus Tea House');
  });
});

describe('owners', () => {
  it('an owner adds a merchant by e-mail, who then sees and manages it; the last owner cannot be removed', async () => {
    const brand = await account(env, 'merchant');
    const partner = await account(env, 'merchant');
    const buyer = await account(env, 'buyer');
    const { miniSite } = await create(brand);
    env.clock.advance(1000); // owners are listed oldest first
    const added = await call('POST', `/api/minisites/${miniSite.id}/owners`, brand, { email: partner.email.toUpperCase() });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().owners.map((o: { email: string }) => o.email)).toEqual([brand.email, partner.email]);
    expectProblem(await call('POST', `/api/minisites/${miniSite.id}/owners`, brand, { email: partner.email }), 409, 'already_owner');
    expectProblem(await call('POST', `/api/minisites/${miniSite.id}/owners`, brand, { email: buyer.email }), 422, 'owner_not_merchant');
    expectProblem(await call('POST', `/api/minisites/${miniSite.id}/owners`, brand, { email: 'nobody@test.trio' }), 422, 'owner_account_unknown');
    expectProblem(await call('POST', `/api/minisites/${miniSite.id}/owners`, brand, { email: 'not an e-mail' }), 400, 'validation_failed');
    expect((await call('GET', '/api/minisites', partner)).json().map((m: { id: string }) => m.id)).toEqual([miniSite.id]);

    // The partner removes the creator; then the partner is the last owner and stays.
    expect((await call('DELETE', `/api/minisites/${miniSite.id}/owners/${brand.userId}`, partner)).json().owners.map((o: { userId: string }) => o.userId)).toEqual([partner.userId]);
    expectProblem(await call('GET', `/api/minisites/${miniSite.id}`, brand), 404, 'mini_site_not_found');
    expectProblem(await call('DELETE', `/api/minisites/${miniSite.id}/owners/${partner.userId}`, partner), 409, 'last_owner');
    expectProblem(await call('DELETE', `/api/minisites/${miniSite.id}/owners/${brand.userId}`, partner), 404, 'mini_site_owner_not_found');
    const actions = (await rows(env.ctx.db, `audit_log where entity_id = '${miniSite.id}'`, 'id')).map((a) => a.action);
    expect(actions).toEqual(['minisite.created', 'minisite.owner_added', 'minisite.owner_removed']);
  });
});
