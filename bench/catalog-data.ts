// Data for the catalog benchmarks, made with set-based SQL in the benchmark database (once; reused if present).
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Db } from '../src/db/client.ts';
import { createUser } from '../src/modules/accounts/index.ts';

export const BENCH_PASSWORD = 'bench password 2026';

/** 1,000 open stores with 100 listed products each (6 SKUs a product) over 300 third-level categories. */
export async function ensureListingData(databaseUrl: string) {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    await database.migrate();
    const db = database.db;
    const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from products where title like 'Bench product %'`);
    const leaves = await queryRows<{ id: number }>(db, sql`select id from categories where level = 3 order by id limit 300`);
    if (leaves.length < 300) throw new Error('the category tree is missing: start Trio once on this database (demo data) first');
    if (n >= 100_000) return { categoryIds: leaves.map((l) => l.id), created: false };
    const t0 = Date.now();
    const owner = await createUser(db, { email: `bench-owner-${Date.now()}@bench.trio`, password: BENCH_PASSWORD, role: 'merchant', displayName: 'Bench owner' });
    await db.execute(sql`
      with e as (
        insert into legal_entities (name, registration_number, subject_type)
        select 'Bench entity ' || g, 'BENCH-' || g || '-' || ${Date.now()}, 'enterprise' from generate_series(1, 1000) g returning id
      )
      insert into stores (legal_entity_id, owner_id, name, store_type, status, opened_at)
      select id, ${owner.id}, 'Bench store', 'enterprise', 'open', now() from e`);
    const leafArray = `{${leaves.map((l) => l.id).join(',')}}`;
    await db.execute(sql`
      insert into products (store_id, category_id, title, description, live_state, listed_at, search_text)
      select s.id, (${leafArray}::int[])[1 + ((s.rn * 100 + g) % 300)], 'Bench product ' || s.rn || '-' || g, 'A product for the benchmark.', 'listed',
             now() - (g || ' seconds')::interval, 'bench product ' || s.rn || '-' || g
      from (select id, row_number() over () as rn from stores where name = 'Bench store' and owner_id = ${owner.id}) s, generate_series(1, 100) g`);
    await insertReviewedDrafts(db, 'Bench product %');
    await db.execute(sql`
      insert into skus (store_id, product_id, attrs, attrs_key, price, stock)
      select p.store_id, p.id, jsonb_build_object('colour', c, 'size', z), 'colour=' || c || '|size=' || z, 1000 + (abs(hashtext(p.id::text)) % 5000), 100
      from products p, (values ('red'), ('blue')) a(c), (values ('S'), ('M'), ('L')) b(z)
      where p.title like 'Bench product %' and not exists (select 1 from skus k where k.product_id = p.id)`);
    await db.execute(sql`insert into category_applications (store_id, category_id, status, decided_at)
      select s.id, c, 'approved', now() from stores s, unnest(${leafArray}::int[]) c where s.name = 'Bench store' and s.owner_id = ${owner.id}`);
    await db.execute(sql`analyze`);
    return { categoryIds: leaves.map((l) => l.id), created: true, seconds: Math.round((Date.now() - t0) / 1000) };
  } finally {
    await database.close();
  }
}

/** The reviewed working copy every listed product has, for the products whose title is like `titleLike` and have none. */
export async function insertReviewedDrafts(db: Db, titleLike: string) {
  await db.execute(sql`
    insert into product_drafts (product_id, store_id, state, content)
    select p.id, p.store_id, 'review_passed', jsonb_build_object('title', p.title, 'description', p.description, 'categoryId', p.category_id, 'attributes', '[]'::jsonb, 'skus', '[]'::jsonb, 'imageIds', '[]'::jsonb)
    from products p where p.title like ${titleLike} and not exists (select 1 from product_drafts d where d.product_id = p.id)`);
}

/** One open store, owned by a fresh merchant, with 2,000 listed products of 5 SKUs (10,000 SKUs). */
export async function priceChangeStore(databaseUrl: string) {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    await database.migrate();
    const db = database.db;
    const [leaf] = await queryRows<{ id: number }>(db, sql`select id from categories where level = 3 order by id limit 1`);
    if (!leaf) throw new Error('the category tree is missing: start Trio once on this database (demo data) first');
    const email = `bench-price-${Date.now()}@bench.trio`;
    const owner = await createUser(db, { email, password: BENCH_PASSWORD, role: 'merchant', displayName: 'Bench price owner' });
    const [store] = await queryRows<{ id: string }>(db, sql`
      with e as (insert into legal_entities (name, registration_number, subject_type) values ('Bench price entity', ${'BENCHP-' + Date.now()}, 'enterprise') returning id)
      insert into stores (legal_entity_id, owner_id, name, store_type, status, opened_at) select id, ${owner.id}, 'Bench price store', 'enterprise', 'open', now() from e returning id`);
    await db.execute(sql`insert into store_members (store_id, user_id, role) values (${store.id}, ${owner.id}, 'owner')`);
    await db.execute(sql`insert into category_applications (store_id, category_id, status, decided_at) values (${store.id}, ${leaf.id}, 'approved', now())`);
    await db.execute(sql`
      insert into products (store_id, category_id, title, description, live_state, listed_at, search_text)
      select ${store.id}, ${leaf.id}, 'Price bench ' || g, '', 'listed', now() - (g || ' seconds')::interval, 'price bench ' || g from generate_series(1, 2000) g`);
    await db.execute(sql`
      insert into product_drafts (product_id, store_id, state, content)
      select id, store_id, 'review_passed', jsonb_build_object('title', title, 'description', '', 'categoryId', category_id, 'attributes', '[]'::jsonb, 'skus', '[]'::jsonb, 'imageIds', '[]'::jsonb) from products where store_id = ${store.id}`);
    await db.execute(sql`
      insert into skus (store_id, product_id, attrs, attrs_key, price, stock)
      select p.store_id, p.id, jsonb_build_object('size', z::text), 'size=' || z, 1000 + z * 100, 50 from products p, generate_series(1, 5) z where p.store_id = ${store.id}`);
    return { storeId: store.id, email, categoryId: leaf.id };
  } finally {
    await database.close();
  }
}

/** Words put in bench titles so search has Chinese title words to find (one product in ten holds one). */
export const SEARCH_TITLE_WORDS = ['羽绒服', '连衣裙', '茶叶', '运动鞋'];

/**
 * Chinese words in one bench product title in ten (once; kept if present), with search_text refreshed as products.ts
 * writes it, and the names (en, vi) of a leaf category that bench products are in, for the search benchmark.
 */
export async function ensureSearchData(databaseUrl: string, categoryIds: number[]) {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    const db = database.db;
    const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from products where title like 'Bench product %' and title like ${'%' + SEARCH_TITLE_WORDS[0] + '%'}`);
    if (n === 0) {
      await db.execute(sql`
        update products set title = title || ' ' || (${`{${SEARCH_TITLE_WORDS.join(',')}}`}::text[])[1 + abs(hashtext(id::text)) % ${SEARCH_TITLE_WORDS.length}]
        where title like 'Bench product %' and right(title, 1) = '7'`);
      await db.execute(sql`update products set search_text = lower(trio_unaccent(title || ' ' || description)) where title like 'Bench product %' and title ~ '[^ -~]'`);
      await db.execute(sql`analyze products`);
    }
    const [leaf] = await queryRows<{ en: string; vi: string }>(db, sql`select names->>'en' as en, names->>'vi' as vi from categories where id = ${categoryIds[17]}`);
    return leaf;
  } finally {
    await database.close();
  }
}
