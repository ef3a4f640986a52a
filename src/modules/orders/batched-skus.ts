// Checkouts of one line of different SKUs that arrive together go as ONE statement: priced ones (member price,
// coupons, points) and plain ones (not priced yet; those batched-checkout.ts has no other buyer of the SKU for), no
// mini-site, made in the same turn of the event loop for the same channel and delivery region. The statement writes
// for each buyer what checkout.ts's statement writes (payment, order, item, message, stock flow; priced: coupons
// locked, points taken from the member and the lots, the 'spent' event; the key keeping the payment id) and answers
// each the same JSON; it locks its SKUs in id order and commits once for all. A plain buyer who is a member of the
// store is answered 'member' (priced and sent again), one whose key was used before null (replayed); one it cannot
// serve for sure (not on sale, too little stock, a price moved, a total or delivery refused) is sent the single
// statement, which decides and explains. Something to spend gone meanwhile (a coupon, points), a key claimed by a
// concurrent duplicate or any failure undoes the whole statement (it aborts itself) and every buyer of it is sent
// the single statement instead. One buyer per statement: the same member's rows are never updated twice in one.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { RequestKey } from '../../kernel/idempotency.ts';
import { channelEnabled, freightCtes, soldOutCtes } from '../catalog/index.ts';
import { heldCouponMachine } from '../coupons/rules.ts';
import { commissionBpSql, storeNameSql } from '../merchants/index.ts';
import { BATCH_MAX, sendBatch, type PlainCheckout } from './batched-checkout.ts';
import type { Priced } from './checkout.ts';
import { guardsMembership, type Pricing, type StatementRow } from './one-statement.ts';

/** One buyer's checkout of one line, as the batch takes it: priced (null: at list price) or not yet (undefined). */
export type LineCheckout = PlainCheckout & { priced: Pricing<Priced> };

type Waiting = { c: LineCheckout; k: RequestKey | null; single: () => Promise<StatementRow>; resolve: (row: StatementRow) => void; reject: (err: unknown) => void };

/** Statements sent by the batches (a test sees the checkouts of one turn share one). */
let statements = 0;
export const skuBatchStatements = () => statements;

/**
 * Sends a checkout of one line with the others made in the same turn of the event loop; `single` sends it alone
 * (checkout.ts's statement: a buyer the batch leaves, a fallback).
 */
export function batchedAcrossSkus(db: Db, c: LineCheckout, k: RequestKey | null, single: () => Promise<StatementRow>): Promise<StatementRow> {
  let b = queues.get(db);
  if (!b) queues.set(db, (b = new SkuBatches(db)));
  return b.send({ c, k, single, resolve: () => {}, reject: () => {} });
}

const queues = new WeakMap<Db, SkuBatches>();
const shapeOf = (c: LineCheckout) => `${c.channel}|${c.address.region}`;

class SkuBatches {
  private queue: Waiting[] = [];
  private scheduled = false;

  constructor(private db: Db) {}

  send(w: Waiting): Promise<StatementRow> {
    return new Promise<StatementRow>((resolve, reject) => {
      this.queue.push({ ...w, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the checkouts of this turn joined (setImmediate runs once the turn's I/O callbacks ran).
      setImmediate(() => {
        this.scheduled = false;
        const queue = this.queue;
        this.queue = [];
        for (const batch of batches(queue)) void this.run(batch);
      });
    });
  }

  private async run(batch: Waiting[]) {
    if (batch.length === 1) return batch[0].single().then(batch[0].resolve, batch[0].reject);
    statements++;
    await sendBatch(this.db, 'trio_checkout_batch_skus', batchSql(batch), batch);
  }
}

/** The turn's checkouts in batches of one shape, at most BATCH_MAX each and one per buyer, in arrival order. */
function batches(queue: Waiting[]): Waiting[][] {
  const out: { shape: string; buyers: Set<string>; ws: Waiting[] }[] = [];
  for (const w of queue) {
    const shape = shapeOf(w.c);
    let b = out.find((x) => x.shape === shape && x.ws.length < BATCH_MAX && !x.buyers.has(w.c.buyerId));
    if (!b) out.push((b = { shape, buyers: new Set(), ws: [] }));
    b.buyers.add(w.c.buyerId);
    b.ws.push(w);
  }
  return out.map((b) => b.ws);
}

/**
 * The batch as one statement (n: each buyer's 1-based place). Lock the SKUs in id order (their latest stock and
 * price); the buyers who may go (key not used, no member of the store when not priced yet, the SKU on sale, priced
 * at its price, delivered, the expected total) win per SKU in arrival order while its stock lasts; one guarded
 * update per SKU takes the winners' units; then each winner's rows as checkout.ts's statement writes them, its
 * coupons and points guarded as spendCtes does (the statement aborts itself when one was gone). One row per buyer:
 * `alone` when the single statement is to decide it; answer null when its key was used (replay), 'member' when it is
 * to be priced.
 */
function batchSql(batch: Waiting[]) {
  const first = batch[0].c;
  const at = new Date(Math.max(...batch.map((w) => w.c.now.getTime())));
  const buyers = JSON.stringify(batch.map(({ c, k }, i) => {
    const l = c.priced?.lines[0];
    return {
      n: i + 1, buyer_id: c.buyerId, sku_id: c.skuId, quantity: c.quantity, address: c.address, note: c.note, expected: c.expectedTotal,
      payment_id: randomUUID(), order_id: randomUUID(), item_id: randomUUID(), scope: k?.scope ?? null, key: k?.key ?? null, hash: k?.hash ?? null,
      at: c.now.toISOString(), deadline: c.payDeadline.toISOString(),
      guard: guardsMembership(c.priced), priced: !!c.priced, priced_at: l?.unitPrice ?? null, discount: l ? l.listAmount - l.paid : 0,
      member_unit: !l || l.memberBy === 'list' ? null : l.memberUnitPrice, member_discount: l ? l.listAmount - l.memberAmount : 0,
      product_coupon_discount: l?.productCouponDiscount ?? 0, store_coupon_discount: l?.storeCouponDiscount ?? 0, points_discount: l?.pointsDiscount ?? 0,
      points_spent: l?.pointsSpent ?? 0, product_coupon_id: l?.productCouponId ?? null, points: c.priced?.points.reduce((s, x) => s + x.points, 0) ?? 0,
    };
  }));
  const coupons = JSON.stringify(batch.flatMap(({ c }, i) => (c.priced?.couponIds ?? []).map((id) => ({ n: i + 1, id }))));
  const channel = sql`${first.channel}::text`;
  return sql`
    with b as (
      select * from jsonb_to_recordset(${buyers}::jsonb) as x(n int, buyer_id uuid, sku_id uuid, quantity int, address jsonb, note text, expected bigint,
        payment_id uuid, order_id uuid, item_id uuid, scope text, key text, hash text, at text, deadline text, guard boolean, priced boolean, priced_at bigint, discount bigint,
        member_unit bigint, member_discount bigint, product_coupon_discount bigint, store_coupon_discount bigint, points_discount bigint, points_spent bigint,
        product_coupon_id uuid, points bigint)),
    bc as (select * from jsonb_to_recordset(${coupons}::jsonb) as x(n int, id uuid)),
    line as materialized (
      select s.id, s.store_id, s.product_id, s.attrs, s.price, s.currency, s.stock, s.weight, p.freight_template_id, p.title, p.category_id,
        p.image_ids->>0 as image_id, s.active and p.live_state = 'listed' and ${channelEnabled(first.channel)} as on_sale
      from skus s join products p on p.id = s.product_id where s.id in (select sku_id from b) order by s.id for update of s),
    bl as (
      -- Each key looked up by the primary key (a subquery per buyer: as a join, the plan read the whole table).
      select b.*, b.key is not null and (select true from idempotency_keys ik where ik.scope = b.scope and ik.key = b.key limit 1) is not null as seen,
        b.guard and (select true from members m where m.store_id = l.store_id and m.buyer_id = b.buyer_id limit 1) is not null as member,
        l.store_id, l.product_id, l.freight_template_id, l.weight, l.price, l.currency, l.attrs, l.title, l.category_id, l.image_id, l.on_sale,
        l.price * b.quantity as amount
      from b join line l on l.id = b.sku_id),
    ${freightCtes(sql`bl`, first.address.region, 'n')},
    elig as (
      select bl.*, coalesce(f.fee, 0)::bigint as fee, sum(bl.quantity) over (partition by bl.sku_id order by bl.n) as upto
      from bl left join fr_store f on f.n = bl.n
      where not bl.seen and not bl.member and bl.on_sale and (bl.priced_at is null or bl.price = bl.priced_at) and f.undelivered is not true
        and (bl.expected is null or bl.expected = bl.amount - bl.discount + coalesce(f.fee, 0))),
    win as (select e.* from elig e join line l on l.id = e.sku_id where e.upto <= l.stock),
    taken as (
      update skus s set stock = s.stock - w.units, updated_at = ${at.toISOString()}::timestamptz
      from (select sku_id, sum(quantity)::int as units from win group by sku_id) w, products p
      where s.id = w.sku_id and p.id = s.product_id and s.active and p.live_state = 'listed' and ${channelEnabled(first.channel)} and s.stock >= w.units
      returning s.id, s.product_id, s.stock, w.units),
    wins as (
      select w.*, ${commissionBpSql(sql`w.category_id`)} as commission_bp, ${storeNameSql(sql`w.store_id`)} as store_name,
        w.amount - w.discount + w.fee as total, t.stock + t.units - w.upto as stock_after
      from win w join taken t on t.id = w.sku_id),
    flows as (
      insert into stock_flows (store_id, sku_id, delta, stock_after, reason, note, at)
      select store_id, sku_id, -quantity, stock_after, 'order', 'checkout', at::timestamptz from wins),
    ${soldOutCtes(at)},
    hc as (
      update held_coupons h set state = ${heldCouponMachine.transition('unused', 'lock')}, order_id = w.order_id, updated_at = w.at::timestamptz
      from bc join wins w on w.n = bc.n
      where h.id = bc.id and h.store_id = w.store_id and h.buyer_id = w.buyer_id
        and h.state = 'unused' and h.valid_from <= w.at::timestamptz and h.valid_until > w.at::timestamptz
      returning h.id),
    mem as (
      update members m set points = m.points - w.points, updated_at = w.at::timestamptz
      from wins w where w.points > 0 and m.store_id = w.store_id and m.buyer_id = w.buyer_id and m.points >= w.points
      returning w.n, m.store_id, m.buyer_id, m.level, w.points),
    lot_plan as (
      select w.n, l.id, least(l.remaining, w.points - l.before) as take
      from wins w cross join lateral (
        select l.id, l.remaining, sum(l.remaining) over (order by l.expires_at, l.id) - l.remaining as before
        from point_lots l where l.store_id = w.store_id and l.buyer_id = w.buyer_id and l.live and l.expires_at > w.at::timestamptz) l
      where w.points > 0),
    lot_take as (
      update point_lots l set remaining = l.remaining - lp.take
      from lot_plan lp where l.id = lp.id and lp.take > 0 and l.remaining >= lp.take
      returning lp.n, l.id, l.store_id, lp.take),
    lot_spent as (
      insert into point_spends (store_id, buyer_id, lot_id, order_id, points)
      select lt.store_id, w.buyer_id, lt.id, w.order_id, lt.take from lot_take lt join wins w on w.n = lt.n),
    mev as (
      insert into member_events (store_id, buyer_id, kind, points, level, order_id, created_at)
      select mem.store_id, mem.buyer_id, 'spent', -mem.points, mem.level, w.order_id, w.at::timestamptz from mem join wins w on w.n = mem.n),
    pay as (
      insert into payments (id, purpose, payer_id, store_id, amount, currency, description, state, expires_at, created_at, updated_at)
      select payment_id, 'orders', buyer_id, null, total, currency, left(title, 100), 'awaiting', deadline::timestamptz, at::timestamptz, at::timestamptz
      from wins where total > 0 or not priced),
    o as (
      insert into orders (id, store_id, buyer_id, payment_id, state, channel, mini_site_id, currency, items_total, discount, shipping_fee, total, address, note, created_at, pay_deadline, updated_at)
      select order_id, store_id, buyer_id, payment_id, 'awaiting_payment', ${channel}, null, currency, amount, discount, fee, total,
        address, note, at::timestamptz, deadline::timestamptz, at::timestamptz
      from wins),
    i as (
      insert into order_items (id, order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id, unit_price, quantity, amount, discount, commission_bp, state, custom_media_id,
        member_unit_price, member_discount, product_coupon_discount, store_coupon_discount, points_discount, points_spent, product_coupon_id)
      select item_id, order_id, store_id, product_id, sku_id, category_id, title, attrs, image_id::uuid, price, quantity, amount, discount, commission_bp, 'awaiting_payment', null,
        member_unit, member_discount, product_coupon_discount, store_coupon_discount, points_discount, points_spent, product_coupon_id
      from wins),
    m as (
      insert into outbox (store_id, topic, payload, created_at, next_attempt_at)
      select store_id, 'order.created', jsonb_build_object('orderId', order_id, 'storeId', store_id, 'total', total, 'currency', currency), at::timestamptz, at::timestamptz
      from wins),
    c as (delete from cart_lines cl using wins w where cl.buyer_id = w.buyer_id and cl.sku_id = w.sku_id),
    ans as (
      select w.n, w.scope, w.key, w.hash, w.at, jsonb_build_object('paymentId', w.payment_id::text, 'amount', w.total, 'currency', w.currency, 'payDeadline', w.deadline,
        'orders', jsonb_build_array(jsonb_build_object(
          'id', w.order_id, 'storeId', w.store_id, 'storeName', w.store_name, 'state', 'awaiting_payment', 'channel', ${channel},
          'currency', w.currency, 'itemsTotal', w.amount, 'discount', w.discount, 'shippingFee', w.fee, 'total', w.total, 'paymentId', w.payment_id::text,
          'createdAt', w.at, 'payDeadline', w.deadline, 'paidAt', null,
          'items', jsonb_build_array(jsonb_build_object(
            'id', w.item_id, 'productId', w.product_id, 'skuId', w.sku_id, 'title', w.title, 'attrs', w.attrs, 'imageId', w.image_id,
            'unitPrice', w.price, 'quantity', w.quantity, 'amount', w.amount, 'discount', w.discount, 'state', 'awaiting_payment', 'refundState', 'none', 'refundedAmount', 0))))) as body
      from wins w),
    claim as (
      insert into idempotency_keys (scope, key, request_hash, status, response, created_at)
      select scope, key, hash, 201, jsonb_build_object('paymentId', body->'paymentId'), at::timestamptz from ans where key is not null
      on conflict do nothing returning 1),
    spent as (
      select case when (select count(*) from hc) <> (select count(*) from bc join wins using (n)) then trio_refuse('coupon_gone')
        when (select count(*) from mem) <> (select count(*) from wins where points > 0) then trio_refuse('points_insufficient')
        when (select coalesce(sum(take), 0) from lot_take) <> (select coalesce(sum(points), 0) from wins) then trio_refuse('points_gone')
        when (select count(*) from claim) < (select count(*) from ans where key is not null) then trio_refuse('idempotency_key_taken')
        else 'ok' end as ok)
    select b.n, a.n is null and bl.seen is not true and bl.member is not true as alone,
      case when (select ok from spent) <> 'ok' or bl.seen then null when bl.member then 'member' else a.body::text end as answer,
      case when b.n = (select min(n) from ans) then (select count(*) from catalog_notified) else 0 end::int as bumped,
      (select t.stock from taken t where t.id = b.sku_id)::int as left
    from b left join bl on bl.n = b.n left join ans a on a.n = b.n order by b.n`;
}
