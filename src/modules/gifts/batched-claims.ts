// Several winners of a group gift per statement: the claims of one gift that arrive together (woken by the same
// answer, or while the gift's statements are under way) go as ONE statement, which holds the gift's row once
// and commits once for all of them. Each claimant still gets what claim.ts's single statement writes for one claim
// (change one, change the other): the unit (guarded: never more than are left; the gift is claimed with its last),
// the giver's message, the order born paid with its unit's share of the giver's discount, its item and timeline, the
// order.paid message, the person's claim (one per person: the unique index), the store's paid GMV (the batch's
// total, one slot) and the Idempotency-Key with its answer. The order of arrival decides who gets the units left.
// Per claim the statement answers: claimed, seen (the key was answered before: replay), none (no unit left for it),
// or alone (the person had claimed already: the single statement explains). Anything it cannot answer per claim (a
// concurrent duplicate of a person or a key, a payment that must take the exact GMV path, any error) undoes the whole
// statement and every claim of it is sent alone (the single statement decides and explains).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryPrepared, statementRefusal, type Db } from '../../db/client.ts';
import type { RequestKey } from '../../kernel/idempotency.ts';
import { KeyedBatches } from '../../kernel/keyed-batches.ts';
import { outboxInsertSelectSql } from '../../kernel/outbox.ts';
import { openGmvSlots, paidGmvCtes } from '../merchants/index.ts';
import { giftOrdersCtes, type GiftOrderInput } from '../orders/index.ts';
import { giftMachine } from './rules.ts';
import type { GiftRow } from './views.ts';

/** Claims per statement, at most. */
export const CLAIM_BATCH_MAX = 128;
/** Batch statements per gift under way at once: one holds the gift's row, the next waits on it ready to go when it commits. */
export const CLAIM_BATCHES_PER_GIFT = 2;
/** Claims of one gift the units gate lets through at once: enough to fill the batches under way. */
export const CLAIM_GATE_SLOTS = CLAIM_BATCH_MAX * CLAIM_BATCHES_PER_GIFT;

/** The gift's row as a batch left it. */
export type GiftAfter = Pick<GiftRow, 'unitsClaimed' | 'unitsReturned' | 'state'> & { unitsLeft: number };

/**
 * What the batch answered one claim: claimed (`beside`: what the claim's `beside` read gave for its statement), seen
 * (replay), none (no unit for it), or alone: what its single statement (`alone`) answered.
 */
export type BatchOutcome<T> =
  | { outcome: 'claimed'; orderId: string; after: GiftAfter; beside: Promise<unknown> }
  | { outcome: 'seen' | 'none' }
  | { outcome: 'alone'; result: T };

/** One claim, as the batch takes it: its order as prepareClaim made it (the gift's own SKU). */
export type BatchClaim<T> = {
  g: GiftRow; claimant: { userId: string; displayName: string }; order: GiftOrderInput; k: RequestKey | null; now: Date;
  /** A read sent beside the batch's statement, once per statement (the first claim's): the winners' page. */
  beside: () => Promise<unknown>;
  /** The claim's single statement: for a claim alone, one the batch leaves, or all of a batch that failed. */
  alone: () => Promise<T>;
};

type Waiting = BatchClaim<unknown> & { resolve: (o: BatchOutcome<unknown>) => void; reject: (err: unknown) => void };

/** Batch statements sent (a test sees several winners share one). */
let statements = 0;
export const claimBatchStatements = () => statements;

/**
 * Sends a claim with the other claims of its gift that come together (or while the gift's statements are under way);
 * a claim that comes alone goes as its single statement, counted among the gift's statements under way.
 */
export function batchedClaim<T>(db: Db, c: BatchClaim<T>): Promise<BatchOutcome<T>> {
  let b = perDb.get(db);
  if (!b) perDb.set(db, (b = new ClaimBatches(db)));
  return b.send(c) as Promise<BatchOutcome<T>>;
}

const perDb = new WeakMap<Db, ClaimBatches>();

class ClaimBatches {
  /**
   * A gift's claims, batched: made once the claims woken together joined (a microtask: the winners a crowd's shared
   * read wakes at once reach here in the same drain of microtasks), and at once when a batch under way answers. Not
   * setImmediate: while a crowd is being answered, the end of the event loop's turn is far (every arrival's callback
   * runs first).
   */
  private gifts = new KeyedBatches<Waiting>({ perKey: CLAIM_BATCHES_PER_GIFT, defer: queueMicrotask, nextAtOnce: true, take, run: (batch) => this.run(batch) });

  constructor(private db: Db) {}

  send(c: BatchClaim<unknown>): Promise<BatchOutcome<unknown>> {
    return new Promise<BatchOutcome<unknown>>((resolve, reject) => this.gifts.push(c.g.id, { ...c, resolve, reject }));
  }

  private async run(batch: Waiting[]) {
    if (batch.length === 1) return alone(batch[0]);
    statements++;
    const beside = batch[0].beside();
    beside.catch(() => {});
    let rows: BatchRow[];
    try {
      rows = await sendStatement(this.db, batch);
    } catch (err) {
      // The store's first payment: its GMV slots made (by this batch or one beside it), the batch goes again.
      if (statementRefusal(err) === 'paid_gmv_no_slots') {
        await openGmvSlots(this.db, batch[0].g.storeId).catch(() => {});
        rows = await sendStatement(this.db, batch).catch(() => []);
      } else rows = [];
    }
    const byN = new Map(rows.map((r) => [r.n, r]));
    // The claims the batch leaves (all of it when it failed) go alone, still as this batch's work.
    await Promise.all(batch.map((w, i) => {
      const r = byN.get(i + 1);
      if (r?.outcome === 'claimed') {
        w.resolve({ outcome: 'claimed', orderId: r.orderId, beside, after: { unitsClaimed: r.unitsClaimed!, unitsReturned: r.unitsReturned!, state: r.state!, unitsLeft: r.unitsLeft! } });
      } else if (r?.outcome === 'seen' || r?.outcome === 'none') w.resolve({ outcome: r.outcome });
      else return alone(w);
    }));
  }
}

const alone = (w: Waiting) => w.alone().then((result) => w.resolve({ outcome: 'alone', result }), w.reject);

/** The front of the queue, up to CLAIM_BATCH_MAX of it in arrival order, one claim per person; the others keep their places. */
function take(queue: Waiting[]) {
  const batch: Waiting[] = [];
  const kept: Waiting[] = [];
  const people = new Set<string>();
  const free = queue[0].order.free;
  for (const w of queue) {
    if (batch.length < CLAIM_BATCH_MAX && w.order.free === free && !people.has(w.claimant.userId)) {
      people.add(w.claimant.userId);
      batch.push(w);
    } else kept.push(w);
  }
  return { batch, kept };
}

type BatchRow = { n: number; outcome: 'claimed' | 'seen' | 'none' | 'alone'; orderId: string; unitsClaimed: number | null; unitsReturned: number | null; state: GiftRow['state'] | null; unitsLeft: number | null };

/** The batch as one statement (prepared once per connection: everything but a store's free gift is a parameter). */
function sendStatement(db: Db, batch: Waiting[]) {
  const { g, order } = batch[0];
  const now = new Date(Math.max(...batch.map((w) => w.now.getTime())));
  const claims = JSON.stringify(batch.map((w, i) => ({
    n: i + 1, claimant_id: w.claimant.userId, claimant_name: w.claimant.displayName, order_id: randomUUID(), address: w.order.address, card: w.order.card,
    scope: w.k?.scope ?? null, key: w.k?.key ?? null, hash: w.k?.hash ?? null,
  })));
  const last = giftMachine.transition('waiting', 'claim_last');
  const total = sql`(select coalesce(sum(total), 0) from gift_shares)`;
  return queryPrepared<BatchRow>(db, `trio_gift_claim_batch${order.free ? '_free' : ''}`, sql`
    with b as (
      select * from jsonb_to_recordset(${claims}::jsonb) as x(n int, claimant_id uuid, claimant_name text, order_id uuid, address jsonb, card jsonb,
        scope text, key text, hash text)),
    bf as (
      -- Each key and each person's claim looked up by its unique index (a subquery per claim).
      select b.*, b.key is not null and (select true from idempotency_keys ik where ik.scope = b.scope and ik.key = b.key limit 1) is not null as seen,
        (select true from gift_claims c where c.gift_id = ${g.id} and c.claimant_id = b.claimant_id limit 1) is not null as claimed_before
      from b),
    elig as (select bf.*, row_number() over (order by bf.n) as r from bf where not bf.seen and not bf.claimed_before),
    gift as materialized (
      select units, units_claimed, units_returned from gifts where id = ${g.id} and state = 'waiting' and expires_at > ${now} for update),
    win as (select least((select count(*) from elig), coalesce((select units - units_claimed - units_returned from gift), 0))::int as k),
    unit as (
      update gifts u set units_claimed = u.units_claimed + w.k, updated_at = ${now},
        state = case when u.units_claimed + w.k = u.units then ${last} else u.state end
      from win w
      where u.id = ${g.id} and u.state = 'waiting' and u.expires_at > ${now} and w.k > 0 and u.units_claimed + w.k <= u.units - u.units_returned
      returning u.units_claimed, u.units_returned, u.state, u.units - u.units_claimed - u.units_returned as units_left, w.k),
    wins as (select e.*, u.units_claimed - u.k + e.r::int as unit_no from elig e, unit u where e.r <= u.k),
    message as (${outboxInsertSelectSql(now, sql`select ${g.storeId}::uuid as store_id, 'message.gift_claimed' as topic,
      jsonb_build_object('userId', ${g.giverId}::uuid, 'giftId', ${g.id}::uuid, 'claimantName', w.claimant_name,
        'unitsClaimed', w.unit_no, 'units', ${g.units}::int) as payload from wins w order by w.n`)}),
    ${giftOrdersCtes(now, { ...order, cardName: order.cardName! }, 'wins')},
    mine as (
      insert into gift_claims (gift_id, store_id, claimant_id, claimant_name, state, sku_id, order_id, created_at, claimed_at)
      select ${g.id}, ${g.storeId}, w.claimant_id, w.claimant_name, 'claimed', ${order.skuId}, w.order_id, ${now}, ${now} from wins w
      on conflict do nothing returning 1),
    ${paidGmvCtes(g.storeId, total, sql`${total} > 0`)},
    claim as (
      insert into idempotency_keys (scope, key, request_hash, status, response, created_at)
      select w.scope, w.key, w.hash, 201, jsonb_build_object('orderId', w.order_id::text), ${now} from wins w where w.key is not null
      on conflict do nothing returning 1),
    verdict as (
      select case when (select count(*) from mine) < (select count(*) from wins) then trio_refuse('gift_already_claimed')
        when (select needed and slotless from paid_gmv_exact) then trio_refuse('paid_gmv_no_slots')
        when (select needed from paid_gmv_exact) then trio_refuse('paid_gmv_exact_path')
        when (select count(*) from claim) < (select count(*) from wins where key is not null) then trio_refuse('idempotency_key_taken')
        else 'ok' end as ok)
    select bf.n, case when (select ok from verdict) <> 'ok' then 'alone' when bf.seen then 'seen' when bf.claimed_before then 'alone'
        when w.n is null then 'none' else 'claimed' end as outcome, w.order_id as "orderId",
      u.units_claimed::int as "unitsClaimed", u.units_returned::int as "unitsReturned", u.state, u.units_left::int as "unitsLeft"
    from bf left join wins w on w.n = bf.n left join unit u on true order by bf.n`);
}
