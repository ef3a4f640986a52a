// A store's paid GMV (what decides when a zero-deposit category starts asking for a deposit), written by every
// payment of the store.
//
// Why slots and not one row, nor a ledger: one popular store's payments all added to its row in stores, so they queued
// on that row's lock. An append-only ledger would need a rollup and a sum over a growing range at every read; a counter
// split into SLOTS rows reads in one small sum and never grows. A payment adds to one free slot (from a random one on,
// skipping the ones other payments hold: it never waits), as long as that slot stays under its share of the distance to the store's next zero-deposit
// threshold: slot.paid < (threshold - base) / SLOTS for every threshold above base, so the slots together stay below it
// and no payment on this path can cross a threshold. A payment that would (a store's first payment, or one finding every slot taken) takes the
// exact path: the store's row and all its slots locked, the slots folded into stores.paid_gmv, the crossing decided on
// the exact total (then deposit coverage runs in the same transaction, as before). Exact either way; the fold is rare,
// near a threshold only. The slot's own `base` (not stores.paid_gmv) is read by the fast path so that a payment that
// waited behind a fold re-checks against the folded base (PostgreSQL re-reads the locked row).
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';

/** How many rows a store's paid GMV is split into (as many as the concurrent payments of one store that may not queue). */
export const SLOTS = 32;

/** The store's zero-deposit thresholds above `base` (approved categories only): the ones a payment may cross. */
const thresholdsAbove = (storeId: string | SQL, base: SQL) => sql`
  select c.zero_deposit_gmv_threshold as t from category_applications a join categories c on c.id = a.category_id
  where a.store_id = ${storeId} and a.status = 'approved' and c.zero_deposit and c.zero_deposit_gmv_threshold > ${base}`;

/**
 * CTEs for a statement that adds `amount` (a number, or an expression of the statement) to a store's paid GMV when
 * `when` holds, on the fast path only: `paid_gmv` (the slot written), and `paid_gmv_crossed.crossed` true when the
 * payment could not be added there (it may cross a threshold, or the store has no slots yet): the caller then adds it
 * with addPaidGmv in a transaction instead.
 */
export function paidGmvCtes(storeId: string, amount: number | SQL, when: SQL = sql`true`) {
  const from = Math.floor(Math.random() * SLOTS);
  // A free slot with room, from a random one on: one that another payment holds is skipped, never waited for; a full
  // one is not locked (the exact path, which locks every slot, may follow in this transaction).
  const free = sql`select slot from store_gmv_slots g where g.store_id = ${storeId} and ${when}
      and not exists (${thresholdsAbove(storeId, sql`g.base`)} and c.zero_deposit_gmv_threshold <= g.base + ${SLOTS}::bigint * (g.paid + ${amount}))
    order by (g.slot + ${SLOTS - from}) % ${SLOTS} limit 1 for update skip locked`;
  return sql`paid_gmv as (update store_gmv_slots g set paid = g.paid + ${amount} from (${free}) f
      where g.store_id = ${storeId} and g.slot = f.slot returning g.paid),
    paid_gmv_crossed as (select ((${when}) and not exists (select 1 from paid_gmv)) as crossed)`;
}

/**
 * Adds paid GMV to a store, in the caller's transaction (the orders and gifts modules call this when a payment
 * succeeds). Returns whether a zero-deposit threshold was crossed: then deposit coverage must change in the same
 * transaction.
 */
export async function addPaidGmvRow(tx: Db, storeId: string, amount: number): Promise<boolean> {
  const [fast] = await queryRows<{ crossed: boolean }>(tx, sql`with ${paidGmvCtes(storeId, amount)} select crossed from paid_gmv_crossed`);
  if (!fast.crossed) return false;
  // The exact path: the store's row first (folds are serialised), then every slot (waits for the payments in them).
  const [store] = await queryRows<{ base: string }>(tx, sql`select paid_gmv::text as base from stores where id = ${storeId} for update`);
  if (!store) return false;
  await tx.execute(sql`insert into store_gmv_slots (store_id, slot, paid, base)
    select ${storeId}, s, 0, ${store.base}::bigint from generate_series(0, ${SLOTS - 1}) s on conflict do nothing`);
  const [sum] = await queryRows<{ paid: string }>(tx, sql`
    select coalesce(sum(paid), 0)::text as paid from (select paid from store_gmv_slots where store_id = ${storeId} order by slot for update) s`);
  const before = Number(store.base) + Number(sum.paid);
  const after = before + amount;
  await tx.execute(sql`update stores set paid_gmv = ${after} where id = ${storeId}`);
  await tx.execute(sql`update store_gmv_slots set paid = 0, base = ${after} where store_id = ${storeId}`);
  const [crossed] = await queryRows<{ crossed: boolean }>(tx, sql`select exists (${thresholdsAbove(storeId, sql`${before}::bigint`)} and c.zero_deposit_gmv_threshold <= ${after}) as crossed`);
  return crossed.crossed;
}

/** The store's paid GMV now: what was folded plus its slots. */
export async function paidGmvOf(db: Db, storeId: string): Promise<number> {
  const [row] = await queryRows<{ v: string }>(db, sql`
    select (s.paid_gmv + coalesce((select sum(paid) from store_gmv_slots where store_id = s.id), 0))::text as v from stores s where s.id = ${storeId}`);
  return row ? Number(row.v) : 0;
}
