// A buyer's after-sales request: created under every rule of the window and the item, then moved by the buyer's and
// the merchant's actions (returns and exchanges in returns.ts).
import { and, eq, sql } from 'drizzle-orm';
import { queryPrepared, statementRefusal, type Db } from '../../db/client.ts';
import { claimKeyLastSql, keySeenSql, refusedUnlessAnswered, storedAnswer, type Answer, type RequestKey } from '../../kernel/idempotency.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { outboxInsertSelectSql } from '../../kernel/outbox.ts';
import { skus } from '../catalog/schema.ts';
import { stores } from '../merchants/schema.ts';
import { orderItems, orders } from '../orders/schema.ts';
import { lockWithPayment, moveRequest, timeoutsOf, type AfterSaleRow, type Who } from './lifecycle.ts';
import { detailOf, itemColumns, itemView, timelineRow, type RequestDetail } from './views.ts';
import { attachPhotosSql, checkPhotos } from './photos.ts';
import { checkParcel, type ParcelCarrier } from '../orders/carriers.ts';
import { pickReturnAddress } from './return-addresses.ts';
import { acceptEvent, afterSaleMachine, acceptProposalEvent, askableTypes, dueAtFor, MAX_REQUESTS_PER_ITEM, refundableFor, windowClosesAt } from './rules.ts';
import { afterSales, type AfterSaleState, type AfterSaleType } from './schema.ts';

export type NewRequest = {
  orderItemId: string; type: AfterSaleType; quantity: number; amount?: number; reason: string; detail?: string;
  photoIds?: string[]; exchangeSkuId?: string;
};

type ItemRow = typeof orderItems.$inferSelect;

/** Units of the item already given back in money (every refunded request: refunds, returns, and exchanges refunded instead). */
async function refundedQuantity(tx: Db, itemId: string) {
  const [{ n }] = await tx.select({ n: sql<string>`coalesce(sum(${afterSales.quantity}), 0)` }).from(afterSales)
    .where(and(eq(afterSales.orderItemId, itemId), eq(afterSales.state, 'refunded')));
  return Number(n);
}

/** What may be asked back for `quantity` units of the item now (the rest when these are its last units). */
export async function refundableNow(tx: Db, item: ItemRow, quantity: number) {
  const done = await refundedQuantity(tx, item.id);
  if (quantity > item.quantity - done) {
    throw new Invalid('quantity_exceeds_item', `Only ${item.quantity - done} of this item may still be asked for.`, { quantity: item.quantity - done });
  }
  return refundableFor(item, quantity, done + quantity >= item.quantity);
}

/**
 * An exchange whose return the merchant did not confirm in time is refunded instead (the buyer sent the item back
 * and gets nothing else): what its units may get back, as the agreed amount.
 */
export async function exchangeRefundAmount(tx: Db, req: { orderItemId: string; quantity: number }): Promise<number> {
  const [item] = await tx.select().from(orderItems).where(eq(orderItems.id, req.orderItemId)).for('update');
  return refundableNow(tx, item, req.quantity);
}

/**
 * The read a request is decided on: the buyer's order, the item of it, the store's window and name, and the item's
 * requests so far (only what the rules and the answer use), prepared once per database.
 */
function prepareRead(db: Db) {
  return db.select({
    order: { id: orders.id, storeId: orders.storeId, paymentId: orders.paymentId, currency: orders.currency, giftId: orders.giftId, receivedAt: orders.receivedAt, settleAt: orders.settleAt },
    item: {
      ...itemColumns, productId: orderItems.productId, amount: orderItems.amount, discount: orderItems.discount, refundedAmount: orderItems.refundedAmount,
      state: orderItems.state, refundState: orderItems.refundState,
    },
    // Its name first: Drizzle takes a joined object whose first column is null for a missing row.
    store: { name: stores.name, days: stores.afterSalesDays },
    earlier: sql<{ state: AfterSaleState; quantity: number }[]>`coalesce((select json_agg(json_build_object('state', a.state, 'quantity', a.quantity))
      from after_sales a where a.order_item_id = ${orderItems.id}), '[]'::json)`,
  }).from(orders)
    .leftJoin(orderItems, and(eq(orderItems.id, sql.placeholder('itemId')), eq(orderItems.orderId, orders.id)))
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .where(and(eq(orders.id, sql.placeholder('orderId')), eq(orders.buyerId, sql.placeholder('buyerId'))))
    .prepare('trio_aftersale_create_read');
}
const reads = new WeakMap<Db, ReturnType<typeof prepareRead>>();

/** What a request needs before its statement, from plain reads (refused with its 4xx otherwise). */
async function prepareRequest(ctx: Ctx, buyerId: string, orderId: string, input: NewRequest, now: Date) {
  const db = ctx.db;
  let read = reads.get(db);
  if (!read) reads.set(db, (read = prepareRead(db)));
  const [found] = await read.execute({ itemId: input.orderItemId, orderId, buyerId });
  if (!found) throw new NotFound('order');
  const { order, item, store, earlier } = found;
  if (!item) throw new NotFound('order_item');

  // What may be asked now: the one rule (rules.ts askableTypes), answered as a problem naming why not.
  const closes = windowClosesAt(order, store?.days ?? null);
  const askable = askableTypes({ ...item, requests: earlier.map((r) => r.state), windowClosesAt: closes }, now);
  switch (askable.reason) {
    case 'not_paid': throw new Conflict('order_item_not_paid', 'This item was not paid: there is nothing to ask back.');
    case 'refunded': throw new Conflict('order_item_refunded', 'This item was refunded in full already.');
    case 'window_closed': throw new Conflict('after_sale_window_closed', `After-sales closed on ${closes!.toISOString()}.`, { closedAt: closes!.toISOString() });
    case 'request_open': throw new Conflict('after_sale_open_exists', 'This item already has an open request; follow or cancel it first.');
    case 'limit_reached': throw new Conflict('after_sale_limit_reached', `An item may have at most ${MAX_REQUESTS_PER_ITEM} requests.`, { max: MAX_REQUESTS_PER_ITEM });
    case null: break;
  }
  if (!askable.types.includes(input.type)) {
    throw new Conflict('after_sale_type_not_allowed', 'An item not shipped yet can only be refunded (nothing to send back).', { allowed: askable.types });
  }

  if (input.quantity > item.quantity) throw new Invalid('quantity_exceeds_item', `Only ${item.quantity} of this item were bought.`, { quantity: item.quantity });
  // Units given back in money: every refunded request so far (none is open, so none of them moves any more).
  const done = earlier.reduce((n, r) => n + (r.state === 'refunded' ? r.quantity : 0), 0);
  if (input.quantity > item.quantity - done) {
    throw new Invalid('quantity_exceeds_item', `Only ${item.quantity - done} of this item may still be asked for.`, { quantity: item.quantity - done });
  }
  const refundable = refundableFor(item, input.quantity, done + input.quantity >= item.quantity);
  let amount = 0;
  if (input.type === 'exchange') {
    if (!input.exchangeSkuId) throw new Invalid('exchange_sku_required', 'Name the SKU you want instead (exchangeSkuId).');
    const [sku] = await db.select({ id: skus.id }).from(skus).where(and(eq(skus.id, input.exchangeSkuId), eq(skus.productId, item.productId), eq(skus.active, true)));
    if (!sku) throw new NotFound('sku', { reason: 'The exchange SKU must be an active SKU of the same product.' });
  } else {
    // A gift's recipient never learns its price: no amount is chosen (nor told back in an error); the whole share of
    // the quantity goes back to the giver's payment.
    if (order.giftId && input.amount !== undefined) {
      throw new Invalid('gift_amount_not_chosen', 'For a gift, send no amount: the whole share of the quantity is refunded to the giver.');
    }
    amount = input.amount ?? refundable;
    if (amount > refundable) throw new Invalid('refund_exceeds_paid', `At most ${refundable} may be asked back for this quantity.`, { refundable });
  }
  const photoIds = await checkPhotos(db, ctx.config.afterSalesMaxPhotos, buyerId, order.storeId, input.photoIds ?? []);
  // The request as the statement writes it (all but its id).
  const state = 'merchant_processing' as const;
  const row: Omit<AfterSaleRow, 'id'> = {
    storeId: order.storeId, orderId: order.id, orderItemId: item.id, buyerId, paymentId: order.paymentId, type: input.type, state,
    quantity: input.quantity, seq: earlier.length + 1, amount, agreedAmount: null, currency: order.currency, reason: input.reason, detail: input.detail ?? '',
    photoIds: input.photoIds ?? [], exchangeSkuId: input.type === 'exchange' ? input.exchangeSkuId! : null, rejectReason: null, proposal: null,
    returnAddress: null, returnParcel: null, reshipParcel: null, disputeReason: null, decision: null, refundId: null,
    dueAt: dueAtFor(state, now, timeoutsOf(ctx.config)), createdAt: now, updatedAt: now, closedAt: null,
  };
  return { row, photoIds, item: itemView(item), storeName: store?.name ?? null, gift: order.giftId !== null };
}
type Prepared = Awaited<ReturnType<typeof prepareRequest>>;

/**
 * One statement creates the request (no transaction around it, no lock on the order or its item): it takes the
 * item's next request number `seq` (unique per item) and is the item's only open request (unique index), so a request
 * created meanwhile by anyone makes it insert nothing (`on conflict do nothing`) rather than count on the stale reads;
 * with it its photos, its timeline's first event, the outbox message and the Idempotency-Key with its answer (the
 * request's id). It aborts itself (trio_refuse) when a photo was taken meanwhile or a concurrent duplicate claimed
 * the key. Prepared once per connection for each of its shapes (with or without a key, with or without photos).
 */
function createSql(p: Prepared, input: NewRequest, k: RequestKey | null) {
  const { row: r, photoIds } = p;
  const now = r.createdAt;
  const go = k ? sql`not (select seen from seen)` : sql`true`;
  const detail = createdDetail(r);
  return sql`with ${k ? sql`seen as (select ${keySeenSql(k)} as seen),` : sql``}
    req as (
      insert into after_sales (store_id, order_id, order_item_id, buyer_id, payment_id, type, state, quantity, seq, amount, currency, reason,
        detail, photo_ids, exchange_sku_id, due_at, created_at, updated_at)
      select ${r.storeId}::uuid, ${r.orderId}::uuid, ${r.orderItemId}::uuid, ${r.buyerId}::uuid, ${r.paymentId}::uuid, ${r.type}, ${r.state}, ${r.quantity}::int,
        ${r.seq}::int, ${r.amount}::bigint, ${r.currency}, ${r.reason}, ${r.detail}, ${JSON.stringify(r.photoIds)}::jsonb,
        ${r.exchangeSkuId}::uuid, ${r.dueAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      where ${go}
      on conflict do nothing
      returning id, store_id),
    ${photoIds.length ? sql`ph as (${attachPhotosSql(r.buyerId, r.storeId, photoIds, sql`exists (select 1 from req)`)}),` : sql``}
    ev as (
      insert into after_sale_events (after_sale_id, store_id, event, actor_role, actor_id, from_state, to_state, detail, at)
      select id, store_id, 'created', 'buyer', ${r.buyerId}::uuid, null, ${r.state}, ${JSON.stringify(detail)}::jsonb, ${now}::timestamptz from req),
    message as (${outboxInsertSelectSql(now, sql`select store_id, 'aftersales.created' as topic,
      jsonb_build_object('afterSaleId', id, 'orderId', ${r.orderId}::uuid, 'storeId', store_id) as payload from req`)}),
    claim as (${k ? claimKeyLastSql(k, now, sql`(select to_jsonb(id::text) from req)`, sql`exists (select 1 from req)`) : sql`select 1 as ok`})
    select (select id from req) as id, ${k ? sql`(select seen from seen)` : sql`false`} as seen,
      case when ${photoIds.length ? sql`exists (select 1 from req) and (select count(*) from ph) <> ${photoIds.length}::int` : sql`false`} then trio_refuse('photo_taken')
        when exists (select 1 from req) and not exists (select 1 from claim) then trio_refuse('idempotency_key_taken')
        else null end as refused`;
}
/** What a request's first timeline event tells. */
const createdDetail = (r: Pick<AfterSaleRow, 'type' | 'quantity' | 'amount'>) => ({ type: r.type, quantity: r.quantity, amount: r.amount });

/**
 * The buyer asks for a refund, a return or an exchange of an item of their order (a gift's: its recipient): refused
 * from plain reads, else created by one statement (createSql). When a request of the item was created meanwhile the
 * statement creates nothing and the reads are done again (the new request is open: 409 after_sale_open_exists, or
 * it is closed already: the next number). This ends: each time round, the item has one more request (at most
 * MAX_REQUESTS_PER_ITEM) or one more photo is another's (the reads refuse it). A refusal of a request whose
 * Idempotency-Key was answered replays that answer (the new request's id). A new request is answered with its
 * detail as the buyer sees it, made from the reads and what the statement wrote.
 */
export async function createRequest(ctx: Ctx, buyerId: string, orderId: string, input: NewRequest, k: RequestKey | null): Promise<({ replayed: true } & Answer<string>) | { replayed: false; detail: RequestDetail }> {
  for (;;) {
    const now = ctx.clock.now();
    let p: Prepared;
    try {
      p = await prepareRequest(ctx, buyerId, orderId, input, now);
    } catch (err) {
      return { ...(await refusedUnlessAnswered(ctx.db, k, err as Error)), replayed: true };
    }
    let r: { id: string | null; seen: boolean } | undefined;
    try {
      const name = `trio_aftersale_create${k ? '_key' : ''}${p.photoIds.length ? '_photos' : ''}`;
      [r] = await queryPrepared<{ id: string | null; seen: boolean }>(ctx.db, name, createSql(p, input, k));
    } catch (err) {
      const reason = statementRefusal(err);
      if (reason === 'idempotency_key_taken') return { ...(await storedAnswer<string>(ctx.db, k!)), replayed: true };
      if (reason === 'photo_taken') continue; // the reads name the photo
      throw err;
    }
    if (r.seen) return { ...(await storedAnswer<string>(ctx.db, k!)), replayed: true };
    if (r.id) {
      const row = { ...p.row, id: r.id };
      const events = [timelineRow('created', 'buyer', null, row.state, createdDetail(row), now)];
      return { replayed: false, detail: detailOf({ row, item: p.item, storeName: p.storeName, gift: p.gift, events }, { buyerId }, now) };
    }
  }
}

// ---- the buyer

export type BuyerAction =
  | { action: 'cancel' }
  | { action: 'accept_proposal' }
  | { action: 'decline_proposal' }
  | { action: 'confirm_exchange' }
  | { action: 'dispute'; reason: string }
  | ({ action: 'return_shipment' } & ParcelCarrier);

export async function buyerAct(ctx: Ctx, tx: Db, buyerId: string, id: string, a: BuyerAction): Promise<AfterSaleRow> {
  const req = await lockWithPayment(tx, { buyerId }, id);
  const who: Who = { role: 'buyer', id: buyerId };
  const at = ctx.clock.now().toISOString();
  switch (a.action) {
    case 'cancel': return moveRequest(ctx, tx, req, 'cancel', who);
    case 'accept_proposal': {
      const ev = acceptProposalEvent(req.type);
      return moveRequest(ctx, tx, req, ev, who, req.proposal ? { agreedAmount: req.proposal.amount } : {}, req.proposal ? { amount: req.proposal.amount } : undefined);
    }
    case 'decline_proposal': return moveRequest(ctx, tx, req, 'decline_proposal', who);
    case 'confirm_exchange': return moveRequest(ctx, tx, req, 'confirm_exchange', who);
    case 'dispute':
      if (req.state === 'merchant_rejected' && req.dueAt && req.dueAt <= ctx.clock.now()) {
        throw new Conflict('after_sale_dispute_window_closed', 'The time to dispute this rejection has passed.');
      }
      return moveRequest(ctx, tx, req, 'open_dispute', who, { disputeReason: a.reason }, { reason: a.reason });
    case 'return_shipment': {
      afterSaleMachine.transition(req.state, 'ship_return');
      const checked = checkParcel(a);
      return moveRequest(ctx, tx, req, 'ship_return', who, { returnParcel: { ...checked, at } }, checked);
    }
  }
}

// ---- the merchant

/** A return or an exchange accepted (or offered other terms) goes back to a return address: the one picked, else the default. */
export type MerchantAnswer =
  | { action: 'accept'; returnAddressId?: string }
  | { action: 'reject'; reason: string }
  | { action: 'propose'; amount: number; note: string; returnAddressId?: string };

/** The copy of the return address a return or an exchange keeps (nothing for a refund: nothing comes back). */
async function returnAddressPatch(tx: Db, req: AfterSaleRow, id?: string) {
  return req.type === 'refund' ? {} : { returnAddress: await pickReturnAddress(tx, req.storeId, id) };
}

export async function merchantAnswer(ctx: Ctx, tx: Db, storeId: string, actorId: string | null, id: string, a: MerchantAnswer): Promise<AfterSaleRow> {
  const req = await lockWithPayment(tx, { storeId }, id);
  const who: Who = { role: 'merchant', id: actorId };
  switch (a.action) {
    case 'accept': {
      afterSaleMachine.transition(req.state, acceptEvent(req.type));
      return moveRequest(ctx, tx, req, acceptEvent(req.type), who, await returnAddressPatch(tx, req, a.returnAddressId));
    }
    case 'reject': return moveRequest(ctx, tx, req, 'reject', who, { rejectReason: a.reason }, { reason: a.reason });
    case 'propose': {
      afterSaleMachine.transition(req.state, 'propose');
      const [item] = await tx.select().from(orderItems).where(eq(orderItems.id, req.orderItemId)).for('update');
      const refundable = await refundableNow(tx, item, req.quantity);
      if (a.amount > refundable) throw new Invalid('refund_exceeds_paid', `At most ${refundable} may be refunded for this quantity.`, { refundable });
      const proposal = { amount: a.amount, note: a.note, at: ctx.clock.now().toISOString() };
      return moveRequest(ctx, tx, req, 'propose', who, { proposal, ...(await returnAddressPatch(tx, req, a.returnAddressId)) }, { amount: a.amount, note: a.note });
    }
  }
}
