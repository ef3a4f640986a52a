// One store's payments at once over real connections (PostgreSQL, a pool of 12 beside the app's 10; the server's
// connections are shared): they do not queue on one row, and the zero-deposit rule stays exact: each threshold is
// crossed by exactly one payment, the total is exact whatever the interleaving, and no payment fails (no deadlock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { addPaidGmv, openGmvSlots, paidGmvOf } from '../../src/modules/merchants/index.ts';
import { paidGmvCtes } from '../../src/modules/merchants/paid-gmv.ts';
import { queryRows } from '../../src/db/client.ts';
import { categoryId, operator, SLOW_TEST_MS, testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';
import { waitFor } from '../payments/support.ts';
import { call, listedProduct, openStore, type Store } from './fixtures.ts';

let env: TestEnv;
let pool: Database;
beforeAll(async () => {
  env = await testEnv();
  pool = await openDatabase({ databaseUrl: env.database.url!, poolSize: 12 });
  const op = await operator(env);
  for (const [code, gmvThreshold] of [['apparel.men.shirts', 1_000_000], ['apparel.women.dresses', 2_000_000]] as const) {
    const bulk = await call(env, 'POST', '/api/operator/categories/bulk/apply', op.headers, { selection: { categoryIds: [await categoryId(env, code)] }, action: { type: 'zero_deposit', gmvThreshold } });
    expect(bulk.statusCode, bulk.body).toBe(200);
  }
});
afterAll(async () => {
  await pool?.close();
  await env?.close();
});

/** One payment of the store in its own transaction: whether it crossed a zero-deposit threshold. */
const payment = (s: Store, amount: number) => pool.db.transaction((tx) => addPaidGmv(tx as never, s.storeId, amount));
/** Payments of the store at once, each in its own transaction (any failure, a deadlock too, rejects). */
const together = (s: Store, amounts: number[]) => Promise.all(amounts.map((a) => payment(s, a)));
const crossings = (results: boolean[]) => results.filter(Boolean).length;
const live = (productId: string) => scalar<string>(env.ctx.db, sql`select live_state from products where id = ${productId}`);
/** Sessions of the test database waiting for a row lock held by another transaction. */
const waitingOnLocks = () => scalar<number>(env.ctx.db, sql`select count(*)::int from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);

/** A payment added and held open (its transaction not committed) until `release` is called; whether it crossed. */
async function heldPayment(s: Store, amount: number) {
  let release!: () => void;
  let added!: (crossed: boolean) => void;
  const isAdded = new Promise<boolean>((r) => (added = r));
  const held = pool.db.transaction(async (tx) => {
    added(await addPaidGmv(tx as never, s.storeId, amount));
    await new Promise<void>((r) => (release = r));
  });
  const crossed = await Promise.race([isAdded, held.then(() => { throw new Error('the held payment ended early'); })]);
  return { crossed, release: async () => { release(); await held; } };
}

describe('one store\'s payments at once', () => {
  it('come to exactly the threshold together: one payment crosses it, none before, none after', async () => {
    const s = await openStore(env, ['apparel.men.shirts']);
    await payment(s, 1);
    // 1 + 8 × 124,999 = 999,993: under the threshold, whatever order they commit in.
    expect(crossings(await together(s, Array(8).fill(124_999)))).toBe(0);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(999_993);
    // Seven payments of 1 reach 1,000,000 exactly: one of them (the one that made it) crossed.
    expect(crossings(await together(s, Array(7).fill(1)))).toBe(1);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_000_000);
    expect(crossings(await together(s, [1, 1]))).toBe(0);
  }, SLOW_TEST_MS);

  it("a store's slots opened beside its first payment, or before it, keep the total exact and each threshold crossed once", async () => {
    // Beside the first payment (the exact path has made the slots and not committed): the opening waits, makes none.
    const s = await openStore(env, ['apparel.men.shirts']);
    const first = await heldPayment(s, 1);
    const opening = openGmvSlots(pool.db, s.storeId);
    await waitFor(async () => (await waitingOnLocks()) > 0);
    await first.release();
    expect(await opening).toBe(false);
    expect(crossings(await together(s, [...Array(8).fill(124_999), ...Array(7).fill(1)]))).toBe(1);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_000_000);

    // Before any payment: the slots start from the folded total (none), and the payments that follow are as exact.
    const t = await openStore(env, ['apparel.men.shirts']);
    expect(await openGmvSlots(pool.db, t.storeId)).toBe(true);
    expect(await openGmvSlots(pool.db, t.storeId)).toBe(false);
    expect(crossings(await together(t, [1, ...Array(8).fill(124_999)]))).toBe(0);
    expect(crossings(await together(t, Array(7).fill(1)))).toBe(1);
    expect(await paidGmvOf(env.ctx.db, t.storeId)).toBe(1_000_000);
  }, SLOW_TEST_MS);

  it('many payments over two thresholds at once, round after round: each crossed once, the total exact, the listings stopped', async () => {
    for (let round = 0; round < 3; round++) {
      const s = await openStore(env, ['apparel.men.shirts', 'apparel.women.dresses']);
      const shirt = await listedProduct(env, s, [{ price: 10000, stock: 50 }], 'Linen shirt');
      await payment(s, 1);
      // 96 payments of 20,000 to 39,999 (about 2.9 million): past 1,000,000 and 2,000,000, each crossed by one payment
      // (no payment is larger than the gap between them).
      const amounts = Array.from({ length: 96 }, () => 20_000 + Math.floor(Math.random() * 20_000));
      const results = await together(s, amounts);
      expect(crossings(results)).toBe(2);
      expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1 + amounts.reduce((a, b) => a + b, 0));
      expect(await live(shirt.productId)).toBe('delisted_deposit');
      expect((await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json()).toMatchObject({ paidGmv: 1 + amounts.reduce((a, b) => a + b, 0) });
    }
  }, SLOW_TEST_MS);

  it('40 payments of 30,000 into 32 slots from 1: the one reaching 1,000,000 crosses it, however many ran at once', async () => {
    const s = await openStore(env, ['apparel.men.shirts']);
    const shirt = await listedProduct(env, s, [{ price: 10000, stock: 50 }], 'Linen shirt');
    await payment(s, 1);
    expect(crossings(await together(s, Array(40).fill(30_000)))).toBe(1);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_200_001);
    expect(await live(shirt.productId)).toBe('delisted_deposit');
    expect((await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json()).toMatchObject({ paidGmv: 1_200_001, due: 500000 });
  }, SLOW_TEST_MS);

  it('a payment held open does not hold up the next payments of the same store', async () => {
    const s = await openStore(env, ['apparel.men.shirts']);
    await payment(s, 1);
    const held = await heldPayment(s, 100);
    try {
      // While the first is open, other payments of the store commit (the held one keeps one slot only).
      for (let i = 0; i < 3; i++) expect(await payment(s, 10)).toBe(false);
      expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(31);
    } finally {
      await held.release();
    }
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(131);
  }, SLOW_TEST_MS);

  it('a payment that may cross waits for the payments still open in the slots, and decides on their sum', async () => {
    const s = await openStore(env, ['apparel.men.shirts']);
    await payment(s, 1);
    const held = await heldPayment(s, 10_000);
    expect(held.crossed).toBe(false);
    // 1 + 10,000 (open) + 989,999 = 1,000,000: this payment crosses the threshold only counting the open one.
    let crossed: boolean | undefined;
    const last = payment(s, 989_999).then((c) => (crossed = c));
    try {
      await waitFor(async () => (await waitingOnLocks()) > 0);
      expect(crossed).toBeUndefined();
    } finally {
      await held.release();
    }
    await last;
    expect(crossed).toBe(true);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_000_000);
  }, SLOW_TEST_MS);
  it('a payment whose view of the slots is older than a payment that just filled them does not overfill a slot', async () => {
    // The interleaving forced, not hoped for: the second payment's statement has taken its snapshot (every slot
    // empty) and waits (on an advisory lock in its condition) while another payment fills every slot to 20,000 and
    // commits. Room per slot from base 1 to the threshold 1,000,000: 1 + 32 × (paid + amount) < 1,000,000, so paid +
    // amount ≤ 31,249. With 20,000 in each slot, a payment of 20,000 has room nowhere: it must answer "take the exact
    // path", not add 20,000 to a slot it judged on its old snapshot (40,000 in one slot: the slots could then pass the
    // threshold with no payment seeing it cross).
    const s = await openStore(env, ['apparel.men.shirts']);
    await payment(s, 1);
    const LOCK = 0x5107;
    const slotView = sql`(select true from pg_advisory_xact_lock_shared(${LOCK}))`;
    let open!: () => void;
    let gateHeld!: () => void;
    const held = new Promise<void>((r) => (gateHeld = r));
    const gate = pool.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${LOCK})`);
      gateHeld();
      await new Promise<void>((r) => (open = r));
    });
    await held;
    let exactPath: boolean | undefined;
    const fullest = pool.db.transaction(async (tx) => {
      const [r] = await queryRows<{ needed: boolean }>(tx as never, sql`with ${paidGmvCtes(s.storeId, 20_000, slotView)} select needed from paid_gmv_exact`);
      exactPath = r.needed;
      const [max] = await queryRows<{ paid: string }>(tx as never, sql`select max(paid)::text as paid from store_gmv_slots where store_id = ${s.storeId}`);
      return Number(max.paid);
    });
    try {
      await waitFor(async () => (await scalar<number>(env.ctx.db, sql`select count(*)::int from pg_stat_activity
        where datname = current_database() and wait_event = 'advisory'`)) > 0);
      await env.ctx.db.execute(sql`update store_gmv_slots set paid = 20000 where store_id = ${s.storeId}`);
    } finally {
      open();
      await gate;
    }
    expect(await fullest).toBe(20_000);
    expect(exactPath).toBe(true);
  }, SLOW_TEST_MS);
});
