// The signature a mini-site's server and Trio put on what they send each other: only the same secret over the same
// method, path, timestamp, nonce and body makes it; a stale timestamp is refused. And the shared reads over a test
// mini-site (owner, link by state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { isLinked, miniSiteByAppId, miniSiteBySlug, ownsMiniSite } from '../../src/modules/minisite/index.ts';
import { newAppSecret, secretKey, sign, signatureMatches, signedHeaders, timestampFresh } from '../../src/modules/minisite/signature.ts';
import { testMiniSite } from '../fixtures/minisite.ts';

const parts = { method: 'POST', path: '/api/mini-site/v1/gifts?x=1', timestamp: '1793520000', nonce: 'n-1', body: '{"wish":"生日快乐"}' };

describe('request signature', () => {
  it('matches only for the same secret and the same method, path, timestamp, nonce and body', () => {
    const key = secretKey(newAppSecret());
    const sig = sign(key, parts);
    expect(signatureMatches(key, parts, sig)).toBe(true);
    expect(signatureMatches(secretKey(newAppSecret()), parts, sig)).toBe(false);
    for (const change of [{ method: 'PUT' }, { path: '/api/mini-site/v1/gifts' }, { timestamp: '1793520001' }, { nonce: 'n-2' }, { body: '{"wish":"生日快乐!"}' }]) {
      expect(signatureMatches(key, { ...parts, ...change }, sig)).toBe(false);
    }
    expect(signatureMatches(key, parts, 'not base64 at all ***')).toBe(false);
    expect(signatureMatches(key, parts, '')).toBe(false);
  });

  it('refuses a timestamp more than five minutes away, or one that is not unix seconds', () => {
    const now = new Date(1793520000 * 1000);
    expect(timestampFresh('1793520000', now)).toBe(true);
    expect(timestampFresh('1793519701', now)).toBe(true);
    expect(timestampFresh('1793519699', now)).toBe(false);
    expect(timestampFresh('1793520301', now)).toBe(false);
    expect(timestampFresh('1793520000.5', now)).toBe(false);
    expect(timestampFresh('', now)).toBe(false);
  });

  it('signs outgoing messages with a fresh nonce each time', () => {
    const key = secretKey(newAppSecret());
    const now = new Date();
    const a = signedHeaders('ms_1', key, { method: 'POST', path: '/hook', body: '{}' }, now);
    const b = signedHeaders('ms_1', key, { method: 'POST', path: '/hook', body: '{}' }, now);
    expect(a['trio-nonce']).not.toBe(b['trio-nonce']);
    expect(signatureMatches(key, { method: 'POST', path: '/hook', body: '{}', timestamp: a['trio-timestamp'], nonce: a['trio-nonce'] }, a['trio-signature'])).toBe(true);
  });
});

describe('mini-site reads', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await testEnv(); });
  afterAll(async () => { await env?.close(); });

  it('finds a mini-site by app id and slug, knows its owner, and sees a link only while it is linked', async () => {
    const owner = await account(env, 'merchant');
    const other = await account(env, 'merchant');
    const storeId = '00000000-0000-4000-8000-000000000001';
    const site = await testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: storeId });
    expect(await miniSiteByAppId(env.ctx.db, site.appId)).toMatchObject({ id: site.id, secretHash: site.key, allowedOrigins: ['https://brand.example'] });
    expect((await miniSiteBySlug(env.ctx.db, site.slug))?.id).toBe(site.id);
    expect(await ownsMiniSite(env.ctx.db, owner.userId, site.id)).toBe(true);
    expect(await ownsMiniSite(env.ctx.db, other.userId, site.id)).toBe(false);
    expect(await isLinked(env.ctx.db, site.id, storeId)).toBe(true);
    await env.ctx.db.execute(sql`update mini_site_links set state = 'unlinked' where mini_site_id = ${site.id}`);
    expect(await isLinked(env.ctx.db, site.id, storeId)).toBe(false);
    expect(await miniSiteByAppId(env.ctx.db, 'ms_unknown')).toBeUndefined();
  });
});
