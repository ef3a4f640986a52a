// Spending points from a lot that keeps some is a HOT update (migration 0052): the lots' partial indexes are on the
// generated flag `live`, not on `remaining`, so the row's new version needs no index entries. A lot emptied leaves
// the live indexes (its flag changed), and the queries for live lots still find the others by those indexes.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Db } from '../../src/db/client.ts';
import { cloneDatabase } from '../helpers.ts';

let database: Awaited<ReturnType<typeof cloneDatabase>>;
beforeAll(async () => { database = await cloneDatabase({ poolSize: 1 }); });
afterAll(async () => { await database?.close(); });

/** This transaction's updates of point_lots so far, and how many of them were HOT. */
async function updates(tx: Db) {
  const [r] = await queryRows<{ upd: number; hot: number }>(tx, sql`
    select n_tup_upd::int as upd, n_tup_hot_upd::int as hot from pg_stat_xact_user_tables where relname = 'point_lots'`);
  return r;
}

describe('point lots', () => {
  it('a spend that leaves points in the lot writes no index entry (HOT); emptying it takes it out of the live lots', async () => {
    const store = '00000000-0000-4000-8000-000000000001';
    const buyer = '00000000-0000-4000-8000-000000000002';
    await database.db.transaction(async (tx) => {
      const [lot] = await queryRows<{ id: string; live: boolean }>(tx, sql`
        insert into point_lots (store_id, buyer_id, earned, remaining, expires_at, created_at)
        values (${store}, ${buyer}, 1000, 1000, now() + interval '30 days', now()) returning id, live`);
      expect(lot.live).toBe(true);
      await tx.execute(sql`update point_lots set remaining = remaining - 100 where id = ${lot.id}`);
      await tx.execute(sql`update point_lots set remaining = remaining - 300 where id = ${lot.id}`);
      expect(await updates(tx)).toEqual({ upd: 2, hot: 2 });
      // The last 600: the flag turns false, an indexed value changed (not HOT), and the lot is no longer live.
      await tx.execute(sql`update point_lots set remaining = remaining - 600 where id = ${lot.id}`);
      expect(await updates(tx)).toEqual({ upd: 3, hot: 2 });
      const live = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from point_lots where store_id = ${store} and buyer_id = ${buyer} and live`);
      expect(live[0].n).toBe(0);
      tx.rollback();
    }).catch((err: unknown) => { if (!String(err).includes('Rollback')) throw err; });
  });

  it('a lot on a page filled by the lots written after it is still spent by a HOT update (the table keeps room on its pages)', async () => {
    const store = '00000000-0000-4000-8000-000000000003';
    await database.db.transaction(async (tx) => {
      // Lots earned one after the other fill the table's pages; the first page's first lot is spent.
      await tx.execute(sql`
        insert into point_lots (store_id, buyer_id, earned, remaining, expires_at, created_at)
        select ${store}, gen_random_uuid(), 1000, 1000, now() + interval '30 days', now() from generate_series(1, 500)`);
      const [first] = await queryRows<{ id: string }>(tx, sql`
        select id from point_lots where store_id = ${store} order by (ctid::text::point)[0], (ctid::text::point)[1] limit 1`);
      const full = await queryRows<{ pages: number }>(tx, sql`select count(distinct (ctid::text::point)[0])::int as pages from point_lots where store_id = ${store}`);
      expect(full[0].pages).toBeGreaterThan(2);
      const was = await updates(tx);
      await tx.execute(sql`update point_lots set remaining = remaining - 100 where id = ${first.id}`);
      const now = await updates(tx);
      expect({ upd: now.upd - was.upd, hot: now.hot - was.hot }).toEqual({ upd: 1, hot: 1 });
      tx.rollback();
    }).catch((err: unknown) => { if (!String(err).includes('Rollback')) throw err; });
  });
});
