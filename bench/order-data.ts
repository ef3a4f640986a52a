// Data for the order benchmarks (checkout, pay, hot-sku), made with set-based SQL in the benchmark database:
// buyers and stores once (reused if present), sessions and the hot SKU fresh for every run.
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../src/db/client.ts';
import { hashPassword, hashToken, newToken } from '../src/kernel/tokens.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { BENCH_PASSWORD, insertReviewedDrafts } from './catalog-data.ts';

export const CHECKOUT_STORES = 100;
export const CHECKOUT_SKUS = 10_000;
/** Stock of every checkout SKU, refilled before each run: never the limit. */
const BIG_STOCK = 100_000_000;

/** An address as a buyer types it at checkout. */
export const BENCH_ADDRESS = { name: 'Bench Buyer', phone: '13800138000', region: 'Shanghai, Pudong', line: '1 Benchmark Road, Building 2' };

/** POST /api/checkout of one unit of a SKU, as a signed-in buyer sends it: bearer token, Idempotency-Key, address typed in. */
export function checkoutRequest(token: string, idempotencyKey: string, skuId: string) {
  return {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ lines: [{ skuId, quantity: 1 }], address: BENCH_ADDRESS }),
  };
}

/** `n` buyers (bench-buyer-1 .. n@bench.trio), all with the bench password; made once, in one statement. */
export async function ensureBuyers(db: Db, n: number): Promise<string[]> {
  const [{ have }] = await queryRows<{ have: number }>(db, sql`select count(*)::int as have from users where email like 'bench-buyer-%@bench.trio'`);
  if (have < n) {
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    await db.execute(sql`
      insert into users (email, password_hash, role, display_name)
      select 'bench-buyer-' || g || '@bench.trio', ${passwordHash}, 'buyer', 'Bench buyer ' || g from generate_series(1, ${n}) g
      on conflict do nothing`);
  }
  const rows = await queryRows<{ id: string }>(db, sql`
    select id from users where email like 'bench-buyer-%@bench.trio' order by (split_part(split_part(email, '@', 1), '-', 3))::int limit ${n}`);
  return rows.map((r) => r.id);
}

/** One fresh session per buyer (as a sign-in makes it), created in one statement; returns the bearer tokens. */
export async function newSessions(db: Db, userIds: string[]): Promise<string[]> {
  const tokens = userIds.map(() => newToken('trs'));
  await db.execute(sql`
    insert into sessions (user_id, token_hash, expires_at, created_at)
    select u, h, now() + interval '1 day', now() from unnest(${pgArray(userIds)}::uuid[], ${pgArray(tokens.map(hashToken))}::text[]) as t(u, h)`);
  return tokens;
}

/** 100 open stores, 2,000 listed products of 5 SKUs (10,000 SKUs), stock refilled to 100,000,000 each run. */
export async function ensureCheckoutData(db: Db) {
  const [leaf] = await queryRows<{ id: number }>(db, sql`select id from categories where level = 3 order by id limit 1`);
  if (!leaf) throw new Error('the category tree is missing: start Trio once on this database (demo data) first');
  const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from skus k join products p on p.id = k.product_id where p.title like 'Checkout bench %'`);
  if (n < CHECKOUT_SKUS) {
    const owner = await createUser(db, { email: `bench-checkout-owner-${Date.now()}@bench.trio`, password: BENCH_PASSWORD, role: 'merchant', displayName: 'Checkout bench owner' });
    await db.execute(sql`
      with e as (
        insert into legal_entities (name, registration_number, subject_type)
        select 'Checkout bench entity ' || g, 'BENCHC-' || g || '-' || ${Date.now()}, 'enterprise' from generate_series(1, ${CHECKOUT_STORES}) g returning id
      ),
      s as (
        insert into stores (legal_entity_id, owner_id, name, store_type, status, opened_at)
        select id, ${owner.id}, 'Checkout bench store', 'enterprise', 'open', now() from e returning id
      )
      insert into store_members (store_id, user_id, role) select id, ${owner.id}, 'owner' from s`);
    await db.execute(sql`
      insert into products (store_id, category_id, title, description, live_state, listed_at, search_text)
      select s.id, ${leaf.id}, 'Checkout bench ' || s.rn || '-' || g, 'A product for the checkout benchmark.', 'listed', now(), 'checkout bench ' || s.rn || '-' || g
      from (select id, row_number() over (order by id) as rn from stores where name = 'Checkout bench store' and owner_id = ${owner.id}) s,
           generate_series(1, ${CHECKOUT_SKUS / CHECKOUT_STORES / 5}) g`);
    await insertReviewedDrafts(db, 'Checkout bench %');
    await db.execute(sql`
      insert into skus (store_id, product_id, attrs, attrs_key, price, stock)
      select p.store_id, p.id, jsonb_build_object('size', z::text), 'size=' || z, 1000 + z * 100, ${BIG_STOCK}
      from products p, generate_series(1, 5) z
      where p.title like 'Checkout bench %' and not exists (select 1 from skus k where k.product_id = p.id)`);
    await db.execute(sql`insert into category_applications (store_id, category_id, status, decided_at)
      select id, ${leaf.id}, 'approved', now() from stores where name = 'Checkout bench store' and owner_id = ${owner.id}`);
  }
  // Paid orders raise a store's GMV past a zero-deposit threshold: every bench store holds a deposit that covers its
  // category, so paying never delists its products (products delisted by an earlier version of this data go back).
  await db.execute(sql`
    insert into deposit_ledger (store_id, kind, amount, currency, note)
    select s.id, 'payment', 100000000000, s.currency, 'bench deposit' from stores s
    where s.name = 'Checkout bench store' and not exists (select 1 from deposit_ledger d where d.store_id = s.id and d.note = 'bench deposit')`);
  await ensureFreightTemplates(db);
  await db.execute(sql`update products set live_state = 'listed', state_reason = null where title like 'Checkout bench %' and live_state <> 'listed'`);
  await db.execute(sql`update skus k set stock = ${BIG_STOCK} from products p where p.id = k.product_id and p.title like 'Checkout bench %' and k.stock < ${BIG_STOCK / 2}`);
  await db.execute(sql`analyze`);
  const skus = await queryRows<{ id: string }>(db, sql`
    select k.id from skus k join products p on p.id = k.product_id where p.title like 'Checkout bench %' and k.active and p.live_state = 'listed' order by k.id`);
  return { skuIds: skus.map((s) => s.id), created: n < CHECKOUT_SKUS };
}

/**
 * Shipping fees are on: each bench store has a default template by weight (with a rule for the bench address's region,
 * Shanghai, and a region it does not deliver to) and one by piece, free above an amount, that half its products pick;
 * every SKU has a weight. Made once, kept.
 */
async function ensureFreightTemplates(db: Db) {
  const stores = sql`select id from stores where name = 'Checkout bench store'`;
  await db.execute(sql`
    insert into freight_templates (store_id, name, basis, first_units, first_fee, extra_units, extra_fee, free_above, is_default, currency, created_at, updated_at)
    select s.id, t.name, t.basis, t.first_units, t.first_fee, t.extra_units, t.extra_fee, t.free_above, t.is_default, 'CNY', now(), now()
    from (${stores}) s, (values ('By weight', 'weight', 1000, 1000, 500, 300, null::bigint, true), ('By piece', 'piece', 1, 800, 1, 200, 100000::bigint, false))
      as t(name, basis, first_units, first_fee, extra_units, extra_fee, free_above, is_default)
    where not exists (select 1 from freight_templates f where f.store_id = s.id)`);
  await db.execute(sql`
    insert into freight_regions (template_id, store_id, region, region_key, delivers, first_fee, extra_fee)
    select f.id, f.store_id, r.region, lower(r.region), r.delivers, r.first_fee, r.extra_fee
    from freight_templates f, (values ('Shanghai', true, 600, 200), ('Xinjiang', false, 0, 0)) as r(region, delivers, first_fee, extra_fee)
    where f.store_id in (${stores}) and not exists (select 1 from freight_regions x where x.template_id = f.id)`);
  await db.execute(sql`
    update products p set freight_template_id = f.id from freight_templates f
    where p.title like 'Checkout bench %' and p.freight_template_id is null and f.store_id = p.store_id and f.basis = 'piece'
      and right(p.title, 1) in ('0', '2', '4', '6', '8')`);
  await db.execute(sql`update skus k set weight = 300 + (k.price % 1000) from products p where p.id = k.product_id and p.title like 'Checkout bench %' and k.weight is null`);
}

/** A fresh listed product with one SKU holding `units` units, in one of the checkout stores. */
export async function hotSku(db: Db, units: number): Promise<string> {
  const [row] = await queryRows<{ id: string }>(db, sql`
    with s as (select store_id, category_id from products where title like 'Checkout bench %' order by id limit 1),
    p as (
      insert into products (store_id, category_id, title, description, live_state, listed_at, search_text)
      select store_id, category_id, 'Hot SKU bench ' || ${Date.now()}, 'One SKU everybody wants.', 'listed', now(), 'hot sku bench' from s returning id, store_id
    ),
    d as (
      insert into product_drafts (product_id, store_id, state, content)
      select p.id, p.store_id, 'review_passed', jsonb_build_object('title', 'Hot SKU bench', 'description', '', 'categoryId', (select category_id from s), 'attributes', '[]'::jsonb, 'skus', '[]'::jsonb, 'imageIds', '[]'::jsonb) from p
    )
    insert into skus (store_id, product_id, attrs, attrs_key, price, stock)
    select p.store_id, p.id, '{"size":"one"}'::jsonb, 'size=one', 9900, ${units} from p returning id`);
  if (!row) throw new Error('the checkout stores are missing: ensureCheckoutData first');
  return row.id;
}
