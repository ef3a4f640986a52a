// A store's paid GMV: every payment of the store adds to it, and it decides when a zero-deposit category starts
// asking for a deposit (rules.ts depositRequired). Crossing a threshold must be seen exactly once, by the payment
// that reaches it, in that payment's transaction (depositCoverageChanged then delists what the deposit no longer covers).
//
// Why slots: one row per store made one popular store's payments queue on that row's lock. The paid GMV is split
// into SLOTS rows (store_gmv_slots) beside the folded total (stores.paid_gmv); the store's paid GMV is the folded
// total plus its slots (paidGmvOf). Every slot row carries `base`, the folded total when the slots were last folded
// (always equal to stores.paid_gmv: both are written together, and only here and by the demo history).
//
// The fast path (one UPDATE, usable inside a bigger statement: paidGmvCtes) adds a payment to one slot, never
// waiting: a slot with room is picked from a random one on with FOR UPDATE SKIP LOCKED. A slot has room for `amount`
// while base + SLOTS × (paid + amount) < the lowest threshold above base, so the slots together stay under that
// threshold and no payment on this path can cross one. The room is judged on the newest version of the slot, not on
// the statement's snapshot (a payment that filled the slot may have committed since): the picking subquery's FOR
// UPDATE re-evaluates its condition on the version it locks, and the UPDATE's own WHERE checks it again on the version
// it writes (PostgreSQL re-evaluates both on a row changed since the snapshot). test/orders/paid-gmv.pg.test.ts forces
// that interleaving ("a payment whose view of the slots is older..."): with neither check, it finds 40,000 in a slot
// that had room for 31,249.
//
// A payment the fast path cannot take (no room left, every slot busy, or the store's first payment) takes the exact
// path: the store's row locked (exact paths one at a time), then every slot in slot order (waiting for the fast-path
// payments in them), the slots folded into stores.paid_gmv, and the crossing decided on the exact total before and
// after. A fast path that failed may still hold the lock of the slot it picked; it runs inside a SAVEPOINT that is
// rolled back on failure, so the exact path never holds a slot while it waits for the store's row (two exact paths
// each holding one slot would deadlock). Locks are taken store by store (callers with several stores go in id order),
// within a store: its row, then slots in order; the fast path never waits; so payments do not deadlock.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { depositCoverageChanged } from './hooks.ts';

/** How many rows a store's paid GMV is split into (about as many as the payments of one store that may run at once). */
export const SLOTS = 32;

/** The lowest zero-deposit threshold of the store's approved categories above `base` (null: none). */
const lowestThresholdAbove = (storeId: string, base: SQL) => sql`(select min(c.zero_deposit_gmv_threshold)
  from category_applications a join categories c on c.id = a.category_id
  where a.store_id = ${storeId} and a.status = 'approved' and c.zero_deposit and c.zero_deposit_gmv_threshold > ${base})`;

/** Whether slot row `s` (an alias) has room for `amount` without its store's slots reaching the next threshold. */
const hasRoom = (storeId: string, s: string, amount: number | SQL) =>
  sql`coalesce(${sql.raw(s)}.base + ${SLOTS}::bigint * (${sql.raw(s)}.paid + ${amount}) < ${lowestThresholdAbove(storeId, sql.raw(`${s}.base`))}, true)`;

/**
 * The fast path inside a statement: CTEs `paid_gmv` (the slot written) and `paid_gmv_exact` whose `needed` is true
 * when `when` holds but the payment could not be added to a slot (no room left, every slot busy, or the store's first
 * payment: it may cross a threshold, or the slots do not exist yet), and the caller must add it
 * with addPaidGmv (its transaction, the exact path) instead, undoing this statement; `slotless` says the store has
 * no slots yet (openGmvSlots makes them, and the statement may go again). `amount`: a number, or an expression of
 * the statement.
 */
export function paidGmvCtes(storeId: string, amount: number | SQL, when: SQL = sql`true`) {
  const from = Math.floor(Math.random() * SLOTS);
  const pick = sql`select f.slot from store_gmv_slots f where f.store_id = ${storeId} and ${when} and ${hasRoom(storeId, 'f', amount)}
    order by (f.slot + ${SLOTS - from}) % ${SLOTS} limit 1 for update of f skip locked`;
  return sql`paid_gmv as (update store_gmv_slots g set paid = g.paid + ${amount}
      where g.store_id = ${storeId} and ${when} and g.slot = (${pick}) and ${hasRoom(storeId, 'g', amount)} returning g.slot),
    paid_gmv_exact as (select ((${when}) and not exists (select 1 from paid_gmv)) as needed,
      not exists (select 1 from store_gmv_slots where store_id = ${storeId}) as slotless)`;
}

/**
 * Makes the store's slots if it has none yet (before its first payment), so that payment can take the fast path too;
 * whether it made them. Safe beside an exact path under way: the slots' base is the folded total as committed, and an
 * exact path folding meanwhile has made the slots itself (this insert then waits for it and makes none), or makes
 * none of its own and folds these (their base is the total it read under the store's lock).
 */
export async function openGmvSlots(db: Db, storeId: string): Promise<boolean> {
  const made = await queryRows<{ slot: number }>(db, sql`insert into store_gmv_slots (store_id, slot, paid, base)
    select s.id, n, 0, s.paid_gmv from stores s, generate_series(0, ${SLOTS - 1}) n where s.id = ${storeId}
    on conflict do nothing returning slot`);
  return made.length > 0;
}

/**
 * Adds paid GMV to a store, in the caller's transaction (the orders and gifts modules call this when a payment
 * succeeds); when it crosses a zero-deposit threshold, deposit coverage changes in the same transaction. Returns
 * whether it crossed one.
 */
export async function addPaidGmv(tx: Db, storeId: string, amount: number): Promise<boolean> {
  if (await addToSlot(tx, storeId, amount)) return false;
  const crossed = await addExactly(tx, storeId, amount);
  if (crossed) await depositCoverageChanged.run(tx, { storeId });
  return crossed;
}

/** The fast path in a savepoint: false (and nothing held) when the payment must take the exact path. */
async function addToSlot(tx: Db, storeId: string, amount: number): Promise<boolean> {
  await tx.execute(sql`savepoint paid_gmv_slot`);
  const [fast] = await queryRows<{ needed: boolean }>(tx, sql`with ${paidGmvCtes(storeId, amount)} select needed from paid_gmv_exact`);
  if (fast.needed) await tx.execute(sql`rollback to savepoint paid_gmv_slot`);
  await tx.execute(sql`release savepoint paid_gmv_slot`);
  return !fast.needed;
}

/** The exact path: the slots folded into the store's row with the payment; whether a threshold was crossed. */
async function addExactly(tx: Db, storeId: string, amount: number): Promise<boolean> {
  // No key update: checkouts inserting orders of the store (key share locks on its row) do not wait for this.
  const [store] = await queryRows<{ folded: string }>(tx, sql`select paid_gmv::text as folded from stores where id = ${storeId} for no key update`);
  if (!store) return false;
  await tx.execute(sql`insert into store_gmv_slots (store_id, slot, paid, base)
    select ${storeId}, s, 0, ${store.folded}::bigint from generate_series(0, ${SLOTS - 1}) s on conflict do nothing`);
  const [slots] = await queryRows<{ paid: string }>(tx, sql`
    select coalesce(sum(paid), 0)::text as paid from (select paid from store_gmv_slots where store_id = ${storeId} order by slot for update) s`);
  const before = Number(store.folded) + Number(slots.paid);
  const after = before + amount;
  const [fold] = await queryRows<{ crossed: boolean }>(tx, sql`
    with folded as (update stores set paid_gmv = ${after} where id = ${storeId}),
      emptied as (update store_gmv_slots set paid = 0, base = ${after} where store_id = ${storeId})
    select ${lowestThresholdAbove(storeId, sql`${before}::bigint`)} <= ${after} as crossed`);
  return fold.crossed === true;
}

/** The store's paid GMV now, as an expression (`storeId`: a value or a column): what was folded plus its slots (one snapshot). */
export function paidGmvSql(storeId: SQL | string) {
  return sql`((select paid_gmv from stores where id = ${storeId}) + coalesce((select sum(paid) from store_gmv_slots where store_id = ${storeId}), 0))`;
}

export async function paidGmvOf(db: Db, storeId: string): Promise<number> {
  const [row] = await queryRows<{ v: string | null }>(db, sql`select ${paidGmvSql(storeId)}::text as v`);
  return Number(row?.v ?? 0);
}
