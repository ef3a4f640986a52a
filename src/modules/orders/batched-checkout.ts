// Several winners of a flash sale per statement: the plain checkouts of one SKU that arrive together (one line, the
// same quantity, channel and delivery region, no discounts chosen, no mini-site) are sent as ONE statement, which
// holds the SKU's row once and commits once for all of them. Each buyer still gets an order, payment, message and
// Idempotency-Key of their own (the rows checkout.ts's statement writes: change one, change the other) and the answer the single statement (checkout.ts) would give: the batch
// statement answers per buyer what that one answers (the order as JSON; null: the key was used, replay; 'member':
// price and send again; 'refused': nothing taken, explain why). Stock runs out mid-batch: the order of arrival
// decides who wins. Anything the batch cannot answer per buyer (a concurrent duplicate of a key claimed it first, any
// error) undoes the whole statement and every buyer of it is sent the single statement instead.
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { queryPrepared, type Db } from '../../db/client.ts';
import type { RequestKey } from '../../kernel/idempotency.ts';
import { KeyedBatches } from '../../kernel/keyed-batches.ts';
import { channelEnabled, freightCtes, soldOutCtes, type Channel } from '../catalog/index.ts';
import { commissionBpSql, storeNameSql } from '../merchants/index.ts';
import type { StatementRow } from './one-statement.ts';
import type { ShippingAddress } from './schema.ts';

/** Buyers per statement, at most. */
export const BATCH_MAX = 128;
/** Batch statements per SKU under way at once: one holds the row, the next waits on it ready to go when it commits. */
export const BATCHES_PER_SKU = 2;
/** Checkouts of one SKU the units gate lets through at once: enough to fill the batches under way. */
export const CHECKOUT_GATE_SLOTS = BATCH_MAX * BATCHES_PER_SKU;

/** One buyer's plain checkout, as the batch takes it. */
export type PlainCheckout = {
  skuId: string; quantity: number; channel: Channel; address: ShippingAddress; buyerId: string; note: string | null;
  expectedTotal: number | null; now: Date; payDeadline: Date;
};

type Waiting = { c: PlainCheckout; k: RequestKey | null; shape: string; single: () => Promise<StatementRow>; withOthers?: () => Promise<StatementRow>; resolve: (row: StatementRow) => void; reject: (err: unknown) => void };

/** Checkouts handed to the batches of this process and not answered yet, waiting for a batch or in its statement (tests wait for it). */
let inBatches = 0;
export const checkoutsInBatches = () => inBatches;

/**
 * Sends a checkout of one line with the others of its SKU that come in the same turn of the event loop (or while
 * the SKU's batches are under way); `single` sends it alone (a fallback); `withOthers`, when given, sends a batch of
 * one with the checkouts of other SKUs (batched-skus.ts), else `single` does. `plain`: the batch
 * statement can take it (else it always goes alone, but still as one of the SKU's statements under way: a crowd of
 * them does not take every pooled connection).
 */
export function batchedCheckout(db: Db, c: PlainCheckout, k: RequestKey | null, single: () => Promise<StatementRow>, plain = true, withOthers?: () => Promise<StatementRow>): Promise<StatementRow> {
  let b = batches.get(db);
  if (!b) batches.set(db, (b = new CheckoutBatches(db)));
  return b.send(c, k, single, plain, withOthers);
}

const batches = new WeakMap<Db, CheckoutBatches>();

/** The shape buyers of one batch share: their orders differ only in who, where to and the key. One not plain has its own. */
let alones = 0;
const shapeOf = (c: PlainCheckout, plain: boolean) => (plain ? `${c.quantity}|${c.channel}|${c.address.region}` : `alone ${++alones}`);
const keyOf = (k: RequestKey) => `${k.scope}\n${k.key}`;

class CheckoutBatches {
  /**
   * A SKU's checkouts, batched: made after the requests of this turn joined (setImmediate runs once the turn's I/O
   * callbacks ran), the next one likewise once a batch answered.
   */
  private skus = new KeyedBatches<Waiting>({ perKey: BATCHES_PER_SKU, defer: setImmediate, nextAtOnce: false, take, run: (batch) => this.run(batch) });
  /** Keys in this process's batches: a second request with one waits for the first, then goes alone (replayed). */
  private keys = new Map<string, Promise<unknown>>();

  constructor(private db: Db) {}

  send(c: PlainCheckout, k: RequestKey | null, single: () => Promise<StatementRow>, plain: boolean, withOthers?: () => Promise<StatementRow>): Promise<StatementRow> {
    const before = k && this.keys.get(keyOf(k));
    if (before) return before.then(single, single);
    inBatches++;
    const p = new Promise<StatementRow>((resolve, reject) => this.skus.push(c.skuId, { c, k, shape: shapeOf(c, plain), single, withOthers, resolve, reject }));
    const answered = () => inBatches--;
    p.then(answered, answered);
    if (k) {
      const id = keyOf(k);
      this.keys.set(id, p);
      const forget = () => { if (this.keys.get(id) === p) this.keys.delete(id); };
      p.then(forget, forget);
    }
    return p;
  }

  private async run(batch: Waiting[]) {
    if (batch.length === 1) return (batch[0].withOthers ?? batch[0].single)().then(batch[0].resolve, batch[0].reject);
    await sendBatch(this.db, 'trio_checkout_batch', batchSql(batch), batch);
  }
}

/** A buyer waiting in a batch: answered with its row, or sent alone (`single`). */
type InBatch = { single: () => Promise<StatementRow>; resolve: (row: StatementRow) => void; reject: (err: unknown) => void };
const alone = (w: InBatch) => w.single().then(w.resolve, w.reject);

/**
 * Sends a batch's statement and answers each buyer its row (n: its 1-based place). A row marked `alone` is sent
 * alone; when the statement fails (a key claimed meanwhile by a request elsewhere, something to spend gone, any
 * failure: nothing was written) every buyer of it is.
 */
export async function sendBatch(db: Db, name: string, query: SQL, batch: InBatch[]) {
  let rows: BatchRow[];
  try {
    rows = await queryPrepared<BatchRow>(db, name, query);
  } catch {
    await Promise.all(batch.map(alone));
    return;
  }
  const byN = new Map(rows.map((r) => [r.n, r]));
  batch.forEach((w, i) => {
    const r = byN.get(i + 1)!;
    if (r.alone) void alone(w);
    else w.resolve({ answer: r.answer, bumped: r.bumped, left: r.left });
  });
}

/** The front of the queue's shape, up to BATCH_MAX of it in arrival order; the others keep their places. */
function take(queue: Waiting[]) {
  const shape = queue[0].shape;
  const batch: Waiting[] = [];
  const kept: Waiting[] = [];
  for (const w of queue) (batch.length < BATCH_MAX && w.shape === shape ? batch : kept).push(w);
  return { batch, kept };
}

type BatchRow = { n: number; alone?: boolean; answer: string | null; bumped: number; left: number | null };

/**
 * The batch as one statement. Lock the SKU's row (the latest version: its stock and price); the buyers who may go
 * (key not used, no member of the store, the expected total if given, delivered to the region) win in arrival order
 * while the stock lasts; one guarded update takes the winners' units (never below zero); then each winner's payment,
 * order, item, message, stock flow, cart lines and key (keeping the payment id, as checkout.ts's: a retry is answered
 * again from the orders; the timeline's 'created' is told from the order row). One row per buyer (n: 1-based, in
 * batch order).
 */
function batchSql(batch: Waiting[]) {
  const first = batch[0].c;
  const at = new Date(Math.max(...batch.map((w) => w.c.now.getTime()))).toISOString();
  const buyers = JSON.stringify(batch.map(({ c, k }, i) => ({
    n: i + 1, buyer_id: c.buyerId, address: c.address, note: c.note, expected: c.expectedTotal, payment_id: randomUUID(), order_id: randomUUID(),
    item_id: randomUUID(), scope: k?.scope ?? null, key: k?.key ?? null, hash: k?.hash ?? null, at: c.now.toISOString(), deadline: c.payDeadline.toISOString(),
  })));
  const q = sql`${first.quantity}::int`;
  const channel = sql`${first.channel}::text`;
  return sql`
    with b as (
      select * from jsonb_to_recordset(${buyers}::jsonb) as x(n int, buyer_id uuid, address jsonb, note text, expected bigint, payment_id uuid, order_id uuid,
        item_id uuid, scope text, key text, hash text, at text, deadline text)),
    line as materialized (
      select s.id, s.store_id, s.product_id, s.attrs, s.price, s.currency, s.stock, s.weight, p.freight_template_id, p.title, p.category_id,
        p.image_ids->>0 as image_id, ${q} as quantity, s.price * ${q} as amount
      from skus s join products p on p.id = s.product_id where s.id = ${first.skuId} for update of s),
    ${freightCtes(sql`line`, first.address.region)},
    facts as (
      select line.*, coalesce((select sum(fee) from fr_store), 0)::bigint as fee, (select bool_or(undelivered) from fr_store) as undelivered,
        ${commissionBpSql(sql`line.category_id`)} as commission_bp, ${storeNameSql(sql`line.store_id`)} as store_name
      from line),
    bf as (
      select b.*, b.key is not null and exists (select 1 from idempotency_keys ik where ik.scope = b.scope and ik.key = b.key) as seen,
        exists (select 1 from members m where m.store_id = (select store_id from facts) and m.buyer_id = b.buyer_id) as member
      from b),
    elig as (
      select bf.*, row_number() over (order by bf.n) as r from bf, facts f
      where not bf.seen and not bf.member and f.undelivered is not true and (bf.expected is null or bf.expected = f.amount + f.fee)),
    win as (select least((select count(*) from elig), coalesce((select stock / ${q} from facts), 0)) as k),
    taken as (
      update skus s set stock = s.stock - ${q} * w.k, updated_at = ${at}::timestamptz
      from win w, products p
      where s.id = ${first.skuId} and p.id = s.product_id and s.active and p.live_state = 'listed' and ${channelEnabled(first.channel)}
        and w.k > 0 and s.stock >= ${q} * w.k
      returning s.id, s.product_id, s.stock, w.k),
    wins as (select e.* from elig e where e.r <= (select k from taken)),
    flows as (
      insert into stock_flows (store_id, sku_id, delta, stock_after, reason, note, at)
      select f.store_id, f.id, -${q}, t.stock + ${q} * (t.k - w.r), 'order', 'checkout', w.at::timestamptz from wins w, facts f, taken t),
    ${soldOutCtes(new Date(at))},
    pay as (
      insert into payments (id, purpose, payer_id, store_id, amount, currency, description, state, expires_at, created_at, updated_at)
      select w.payment_id, 'orders', w.buyer_id, null, f.amount + f.fee, f.currency, left(f.title, 100), 'awaiting', w.deadline::timestamptz, w.at::timestamptz, w.at::timestamptz
      from wins w, facts f),
    o as (
      insert into orders (id, store_id, buyer_id, payment_id, state, channel, mini_site_id, currency, items_total, discount, shipping_fee, total, address, note, created_at, pay_deadline, updated_at)
      select w.order_id, f.store_id, w.buyer_id, w.payment_id, 'awaiting_payment', ${channel}, null, f.currency, f.amount, 0, f.fee, f.amount + f.fee,
        w.address, w.note, w.at::timestamptz, w.deadline::timestamptz, w.at::timestamptz
      from wins w, facts f),
    i as (
      insert into order_items (id, order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id, unit_price, quantity, amount, discount, commission_bp, state, custom_media_id)
      select w.item_id, w.order_id, f.store_id, f.product_id, f.id, f.category_id, f.title, f.attrs, f.image_id::uuid, f.price, f.quantity, f.amount, 0, f.commission_bp,
        'awaiting_payment', null
      from wins w, facts f),
    m as (
      insert into outbox (store_id, topic, payload, created_at, next_attempt_at)
      select f.store_id, 'order.created', jsonb_build_object('orderId', w.order_id, 'storeId', f.store_id, 'total', f.amount + f.fee, 'currency', f.currency), w.at::timestamptz, w.at::timestamptz
      from wins w, facts f),
    c as (delete from cart_lines cl using wins w where cl.buyer_id = w.buyer_id and cl.sku_id = ${first.skuId}),
    ans as (
      select w.n, w.scope, w.key, w.hash, w.at, jsonb_build_object('paymentId', w.payment_id::text, 'amount', f.amount + f.fee, 'currency', f.currency,
        'payDeadline', w.deadline,
        'orders', jsonb_build_array(jsonb_build_object(
          'id', w.order_id, 'storeId', f.store_id, 'storeName', f.store_name, 'state', 'awaiting_payment', 'channel', ${channel},
          'currency', f.currency, 'itemsTotal', f.amount, 'discount', 0, 'shippingFee', f.fee, 'total', f.amount + f.fee, 'paymentId', w.payment_id::text,
          'createdAt', w.at, 'payDeadline', w.deadline, 'paidAt', null,
          'items', jsonb_build_array(jsonb_build_object(
            'id', w.item_id, 'productId', f.product_id, 'skuId', f.id, 'title', f.title, 'attrs', f.attrs, 'imageId', f.image_id,
            'unitPrice', f.price, 'quantity', f.quantity, 'amount', f.amount, 'discount', 0, 'state', 'awaiting_payment', 'refundState', 'none', 'refundedAmount', 0))))) as body
      from wins w, facts f),
    claim as (
      insert into idempotency_keys (scope, key, request_hash, status, response, created_at)
      select scope, key, hash, 201, jsonb_build_object('paymentId', body->'paymentId'), at::timestamptz from ans where key is not null
      on conflict do nothing returning 1)
    select bf.n, case when bf.seen then null when bf.member then 'member' when a.n is null then 'refused'
        when (select count(*) from claim) < (select count(*) from ans where key is not null) then trio_refuse('idempotency_key_taken')
        else a.body::text end as answer,
      case when bf.n = (select min(n) from ans) then (select count(*) from catalog_notified) else 0 end::int as bumped,
      (select stock from taken)::int as left
    from bf left join ans a on a.n = bf.n order by bf.n`;
}
