// The operator's lists page on the server: one page of rows (limit, offset) and how many match (total), so the web
// shows "N stores" and a pager instead of loading 200 rows at most.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, categoryId, operator, testEnv, type TestEnv } from '../helpers.ts';
import { openStore as openCatalogStore, tee } from '../catalog/fixtures.ts';
import { newStore, scalar, type Who } from './support.ts';

let env: TestEnv;
let op: Who;
beforeAll(async () => {
  env = await testEnv();
  op = await operator(env);
});
afterAll(async () => { await env?.close(); });

const get = async (url: string) => {
  const res = await env.app.inject({ method: 'GET', url, headers: op.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** Every page of a list, `size` rows at a time, until a page comes back short; with the total each page said. */
async function walk<T>(url: (offset: number) => string, key: string, size: number) {
  const rows: T[] = [];
  const totals: number[] = [];
  const sizes: number[] = [];
  for (let offset = 0; ; offset += size) {
    const page = await get(url(offset));
    rows.push(...(page[key] as T[]));
    totals.push(page.total);
    sizes.push(page[key].length);
    if (page[key].length < size) return { rows, totals, sizes };
  }
}

describe("the operator's store list", () => {
  it('pages through 250 stores, 50 at a time, newest first, with the total; a status filter counts only its stores', async () => {
    const m = await account(env, 'merchant');
    const first = await newStore(env, m);
    // 249 more closed stores of the same entity, a minute apart (closed: an entity may have any number of them).
    await env.ctx.db.execute(sql`
      insert into stores (legal_entity_id, owner_id, name, store_type, status, created_at)
      select ${first.legalEntity.id}::uuid, ${m.userId}::uuid, 'Paged store ' || n, 'enterprise', 'closed', f.created_at - n * interval '1 minute'
      from generate_series(1, 249) n, (select created_at from stores where id = ${first.id}) f`);
    expect(await scalar(env.ctx.db, sql`select count(*) from stores`)).toBe(250);

    const all = await walk<{ id: string; name: string; createdAt: string }>((o) => `/api/operator/stores?limit=50&offset=${o}`, 'stores', 50);
    expect(all.sizes).toEqual([50, 50, 50, 50, 50, 0]);
    expect(all.totals).toEqual([250, 250, 250, 250, 250, 250]);
    expect(new Set(all.rows.map((s) => s.id)).size).toBe(250);
    expect(all.rows[0].id).toBe(first.id);
    expect(all.rows[1].name).toBe('Paged store 1');
    expect(all.rows[249].name).toBe('Paged store 249');
    const times = all.rows.map((s) => Date.parse(s.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const closed = await get('/api/operator/stores?status=closed&limit=200&offset=200');
    expect(closed).toMatchObject({ total: 249 });
    expect(closed.stores).toHaveLength(49);
    expect(await get('/api/operator/stores?status=opening&limit=10')).toMatchObject({ total: 1, stores: [{ id: first.id }] });
    expect(await get('/api/operator/stores?status=open')).toEqual({ stores: [], total: 0 });
    // Past the end: no rows, the same total.
    expect(await get('/api/operator/stores?limit=50&offset=300')).toEqual({ stores: [], total: 250 });
  });
});

describe("the operator's review queue", () => {
  it('pages the applications in review oldest first, 50 at a time, with how many wait', async () => {
    const m = await account(env, 'merchant');
    const store = await newStore(env, m);
    const approved = await categoryId(env, 'apparel.women.dresses');
    const cats = (await env.ctx.db.execute(sql`select id from categories where parent_id is not null and id <> ${approved} order by id limit 12`)) as unknown as { rows: { id: number }[] };
    const ids = cats.rows.map((c) => c.id);
    expect(ids).toHaveLength(12);
    // Ten stores of the entity, each asking for the 12 categories: 120 in review, a minute apart (store by store, in
    // the order of `ids`); and one approved application that the in-review queue leaves out.
    await env.ctx.db.execute(sql`
      insert into stores (legal_entity_id, owner_id, name, store_type, status)
      select ${store.legalEntity.id}::uuid, ${m.userId}::uuid, 'Queue store ' || lpad(n::text, 2, '0'), 'enterprise', 'opening' from generate_series(1, 10) n`);
    await env.ctx.db.execute(sql`
      insert into category_applications (store_id, category_id, status, created_at)
      select s.id, c.id, 'in_review', timestamptz '2026-10-01T00:00:00Z' + (row_number() over (order by s.name, c.n)) * interval '1 minute'
      from (select id, name from stores where name like 'Queue store %') s, unnest(${`{${ids.join(',')}}`}::int[]) with ordinality as c(id, n)`);
    await env.ctx.db.execute(sql`insert into category_applications (store_id, category_id, status) values (${store.id}, ${approved}, 'approved')`);
    const waiting = 120;

    const queue = await walk<{ id: string; storeName: string; status: string; category: { id: number } }>(
      (o) => `/api/operator/applications?status=in_review&limit=50&offset=${o}`, 'applications', 50);
    expect(queue.sizes).toEqual([50, 50, 20]);
    expect(queue.totals).toEqual([waiting, waiting, waiting]);
    expect(queue.rows).toHaveLength(waiting);
    expect(new Set(queue.rows.map((a) => a.id)).size).toBe(waiting);
    expect(queue.rows.every((a) => a.status === 'in_review')).toBe(true);
    expect(queue.rows.map((a) => `${a.storeName} ${a.category.id}`)).toEqual(Array.from({ length: 120 }, (_, i) => `Queue store ${String(Math.floor(i / 12) + 1).padStart(2, '0')} ${ids[i % 12]}`));
    expect(await get('/api/operator/applications?status=approved&limit=1')).toMatchObject({ total: 1, applications: [{ categoryId: approved }] });
    const everything = await get('/api/operator/applications?limit=1');
    expect(everything.total).toBe(121);
    expect(everything.applications).toHaveLength(1);
  });
});

describe("the operator's product review queue", () => {
  it('answers one page of the drafts in review and how many wait', async () => {
    const s = await openCatalogStore(env);
    const submitted: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0], { title: `Jacket ${i}` }) });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      env.clock.advance(60_000);
      expect((await env.app.inject({ method: 'POST', url: `${s.url}/products/${id}/submit`, headers: s.merchant.headers })).statusCode).toBe(200);
      submitted.push(id);
    }
    const queue = await walk<{ productId: string; content: { title: string } }>((o) => `/api/operator/product-reviews?limit=2&offset=${o}`, 'reviews', 2);
    expect(queue.sizes).toEqual([2, 1]);
    expect(queue.totals).toEqual([3, 3]);
    expect(queue.rows.map((r) => r.productId)).toEqual(submitted);

    // Passing one takes it out of the queue and the count.
    expect((await env.app.inject({ method: 'POST', url: `/api/operator/products/${submitted[0]}/pass`, headers: op.headers })).statusCode).toBe(200);
    const after = await get('/api/operator/product-reviews?limit=50');
    expect(after.total).toBe(2);
    expect(after.reviews.map((r: { productId: string }) => r.productId)).toEqual(submitted.slice(1));
  });
});
