// The owners' section editor: publishing is audited (who, when, which version) and shown on the draft; the
// featured-products section picks from a search of the linked stores' products; the gift section picks from the
// activities that linked stores made for this mini-site. Each of these reads only the owner's own mini-site.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { testMiniSite, type TestMiniSite } from '../fixtures/minisite.ts';
import { listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { expectProblem } from '../api/support.ts';
import { activityOk } from './gift-activity-support.ts';

let env: TestEnv;
let linked: Store;
let unlinked: Store;
let site: TestMiniSite;
let brand: { headers: Record<string, string>; userId: string; email: string };
beforeAll(async () => {
  env = await testEnv();
  linked = await openStore(env);
  unlinked = await openStore(env);
  brand = await account(env, 'merchant');
  site = await testMiniSite(env.ctx.db, { ownerId: brand.userId, linkStoreId: linked.storeId, now: env.clock.now() });
});
afterAll(async () => { await env?.close(); });

const get = (url: string, who: { headers: Record<string, string> } = brand) => env.app.inject({ method: 'GET', url, headers: who.headers });
const S = () => `/api/minisites/${site.id}/sections`;

describe('publishing the hosted page', () => {
  it('is audited with who, when and which version, and the draft says who published the version visitors see', async () => {
    const hero = { kind: 'hero', data: { imageId: null }, content: { en: { title: 'Spring tea' } } };
    expect((await env.app.inject({ method: 'POST', url: S(), headers: brand.headers, payload: hero })).statusCode).toBe(201);
    const before = (await get(S())).json();
    expect(before).toMatchObject({ publishedVersion: 0, publishedAt: null, publishedByName: null });
    for (const version of [1, 2]) {
      env.clock.advance(60_000);
      const res = await env.app.inject({ method: 'POST', url: `${S()}/publish`, headers: brand.headers });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ publishedVersion: version, publishedAt: env.clock.now().toISOString(), publishedByName: expect.any(String) });
    }
    const audit = (await env.ctx.db.execute(sql`select actor_id as "actorId", at, after from audit_log where entity_id = ${site.id} and action = 'minisite.published' order by at`) as unknown as {
      rows: { actorId: string; at: Date | string; after: { version: number; draftVersion: number; sections: number } }[];
    }).rows;
    expect(audit.map((a) => [a.actorId, a.after.version, a.after.sections])).toEqual([[brand.userId, 1, 1], [brand.userId, 2, 1]]);
    expect(new Date(audit[1].at).toISOString()).toBe(env.clock.now().toISOString());
    expect(audit[0].after.draftVersion).toBe(before.draftVersion);
  });
});

describe('the featured-products picker', () => {
  it('finds listed products of linked stores by words (accents and case ignored), never an unlinked store\'s, and reads chosen ids back', async () => {
    const tea = await listedProduct(env, linked, [{ price: 12900, stock: 5 }, { price: 9900, stock: 5 }], 'Oolong Trà Xanh 乌龙茶');
    const cup = await listedProduct(env, linked, [{ price: 3000, stock: 5 }], 'Tea cup');
    const other = await listedProduct(env, unlinked, [{ price: 100, stock: 5 }], 'Oolong of another store');
    const found = (await get(`${S()}/products?q=oolong%20tra`)).json();
    expect(found).toEqual([expect.objectContaining({ id: tea.productId, storeId: linked.storeId, storeName: expect.any(String), price: 9900 })]);
    const all = (await get(`${S()}/products`)).json().map((p: { id: string }) => p.id);
    expect(all).toEqual(expect.arrayContaining([tea.productId, cup.productId]));
    expect(all).not.toContain(other.productId);
    const back = (await get(`${S()}/products?ids=${cup.productId},${other.productId}`)).json();
    expect(back.map((p: { id: string }) => p.id)).toEqual([cup.productId]);
    expectProblem(await get(`${S()}/products?ids=nope`), 400, 'validation_failed');
    // What the picker offers is what a featured section accepts.
    const saved = await env.app.inject({ method: 'POST', url: S(), headers: brand.headers, payload: { kind: 'featured', data: { productIds: [found[0].id] }, content: { en: { title: 'Tea' } } } });
    expect(saved.statusCode, saved.body).toBe(201);
  });

  it('is the owner\'s only: another merchant is told the mini-site is not found', async () => {
    const stranger = await account(env, 'merchant');
    expectProblem(await get(`${S()}/products?q=tea`, stranger), 404, 'mini_site_not_found');
    expectProblem(await get(`/api/minisites/${site.id}/gift-activities`, stranger), 404, 'mini_site_not_found');
  });
});

describe('the gift activity picker', () => {
  it('lists the activities linked stores made for this mini-site, with their store; not another mini-site\'s', async () => {
    const p = await listedProduct(env, linked, [{ price: 1000, stock: 20 }]);
    const mine = await activityOk(env, linked, site.id, [{ skuId: p.skuIds[0], pool: 3 }]);
    const owner2 = await account(env, 'merchant');
    const otherSite = await testMiniSite(env.ctx.db, { ownerId: owner2.userId, linkStoreId: linked.storeId, now: env.clock.now() });
    const theirs = await activityOk(env, linked, otherSite.id, [{ skuId: p.skuIds[0], pool: 2 }]);
    const list = (await get(`/api/minisites/${site.id}/gift-activities`)).json();
    expect(list.map((a: { id: string }) => a.id)).toContain(mine.id);
    expect(list.map((a: { id: string }) => a.id)).not.toContain(theirs.id);
    expect(list.find((a: { id: string }) => a.id === mine.id)).toMatchObject({ storeId: linked.storeId, storeName: expect.any(String), remaining: 3, state: 'active' });
  });
});
