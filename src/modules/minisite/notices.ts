// Order notices (M6): every event of an order placed through a mini-site becomes a notice to the mini-site's callback
// URL. The orders module writes an outbox row in the order's own transaction (kernel/outbox.ts); the outbox sweep
// hands it to `writeOrderNotice` inside the transaction that marks it delivered, so the notice row exists exactly when
// the outbox row is done with: at least once, never lost between the two. Delivery: notice-sweep.ts.
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { deliveryFacts, deliveryFactsSql, requeueSql, triesOf, type DeliveryFacts, type DeliveryFactsRow } from '../../kernel/delivery-reads.ts';
import { NotFound } from '../../kernel/errors.ts';
import { subscribe, type OutboxMessage } from '../../kernel/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import { ownsMiniSite } from './reads.ts';
import { NOTICE_TOPICS, noticeMachine, stateAfter } from './notices-rules.ts';
import type { NoticeEvent, NoticeState } from './notices-schema.ts';

type OrderRow = {
  id: string; storeId: string; miniSiteId: string; channel: string; currency: string;
  itemsTotal: number; discount: number; shippingFee: number; total: number; createdAt: Date | string;
};
type ItemRow = { id: string; productId: string; skuId: string; title: string; attrs: Record<string, string>; unitPrice: number; quantity: number; amount: number; discount: number };

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Outbox subscriber: the notice of one order event, when the order came through a mini-site that has a callback URL.
 * Runs in the outbox sweep's transaction (tx).
 */
export async function writeOrderNotice(msg: OutboxMessage & { id: number; createdAt: Date }, tx: Db): Promise<void> {
  const event = NOTICE_TOPICS[msg.topic];
  const orderId = msg.payload.orderId;
  if (!event || typeof orderId !== 'string') return;
  const [order] = await queryRows<OrderRow>(tx, sql`
    select o.id, o.store_id as "storeId", o.mini_site_id as "miniSiteId", o.channel, o.currency, o.items_total::float8 as "itemsTotal",
      o.discount::float8 as discount, o.shipping_fee::float8 as "shippingFee", o.total::float8 as total, o.created_at as "createdAt"
    from orders o join mini_sites s on s.id = o.mini_site_id
    where o.id = ${orderId} and s.callback_url is not null`);
  if (!order) return;
  const items = await queryRows<ItemRow>(tx, sql`
    select id, product_id as "productId", sku_id as "skuId", title, attrs, unit_price::float8 as "unitPrice", quantity,
      amount::float8 as amount, discount::float8 as discount
    from order_items where order_id = ${orderId} order by id`);
  const p = msg.payload;
  const shipment = event === 'shipped'
    ? { id: p.shipmentId ?? null, carrier: p.carrier ?? null, carrierName: p.carrierName ?? null, trackingNo: p.trackingNo ?? null, complete: p.complete !== false }
    : undefined;
  const id = randomUUID();
  // Money stays integer minor units (bigint columns read as float8 are exact far beyond any price cap).
  const body = JSON.stringify({
    id, event, occurredAt: msg.createdAt.toISOString(),
    order: {
      id: order.id, storeId: order.storeId, miniSiteId: order.miniSiteId, channel: order.channel,
      state: stateAfter(event, { shipmentComplete: shipment?.complete }),
      currency: order.currency, itemsTotal: order.itemsTotal, discount: order.discount, shippingFee: order.shippingFee, total: order.total,
      createdAt: iso(order.createdAt),
      items: items.map((i) => ({ ...i })),
    },
    ...(shipment ? { shipment } : {}),
    ...(event === 'cancelled' && typeof p.reason === 'string' ? { reason: p.reason } : {}),
  });
  const now = msg.createdAt;
  await tx.execute(sql`
    insert into mini_site_notices (id, store_id, mini_site_id, order_id, outbox_id, event, body, state, next_attempt_at, occurred_at, created_at, updated_at)
    values (${id}, ${order.storeId}, ${order.miniSiteId}, ${order.id}, ${msg.id}, ${event}, ${body}, 'pending', ${now}, ${now}, ${now}, ${now})
    on conflict (outbox_id, mini_site_id) do nothing`);
}

/** Wires the subscriber to the order topics (app.ts; idempotent). */
export function followOrdersForNotices() {
  for (const topic of Object.keys(NOTICE_TOPICS)) subscribe(topic, writeOrderNotice);
}

export type NoticeView = { id: string; orderId: string; storeId: string; event: NoticeEvent } & DeliveryFacts;
type NoticeRow = Omit<NoticeView, keyof DeliveryFacts> & DeliveryFactsRow;
const noticeColumns = sql`id, order_id as "orderId", store_id as "storeId", event, ${deliveryFactsSql}`;
const view = (r: NoticeRow): NoticeView => deliveryFacts(r);

/** The caller's own mini-site, or 404 (another owner's looks like none). */
async function ownSite(db: Db, userId: string, miniSiteId: string) {
  if (!(await ownsMiniSite(db, userId, miniSiteId))) throw new NotFound('mini_site');
}

export type NoticeFilter = { state?: NoticeState; event?: NoticeEvent; orderId?: string; limit: number; offset: number };

/** A mini-site's notices, newest first, with how many match. */
export async function listNotices(db: Db, userId: string, miniSiteId: string, f: NoticeFilter) {
  await ownSite(db, userId, miniSiteId);
  const where: SQL[] = [sql`mini_site_id = ${miniSiteId}`];
  if (f.state) where.push(sql`state = ${f.state}`);
  if (f.event) where.push(sql`event = ${f.event}`);
  if (f.orderId) where.push(sql`order_id = ${f.orderId}`);
  const cond = sql.join(where, sql` and `);
  const [rows, [{ total }]] = await Promise.all([
    queryRows<NoticeRow>(db, sql`select ${noticeColumns} from mini_site_notices where ${cond} order by created_at desc, id desc limit ${f.limit} offset ${f.offset}`),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from mini_site_notices where ${cond}`),
  ]);
  return { total, items: rows.map(view) };
}

/** One notice with its body and every try, oldest first. */
export async function noticeDetail(db: Db, userId: string, miniSiteId: string, noticeId: string) {
  await ownSite(db, userId, miniSiteId);
  const [row] = await queryRows<NoticeRow & { body: string }>(db, sql`select ${noticeColumns}, body from mini_site_notices where id = ${noticeId} and mini_site_id = ${miniSiteId}`);
  if (!row) throw new NotFound('mini_site_notice');
  const { body, ...rest } = row;
  return { ...view(rest), body, log: await triesOf(db, 'mini_site_notice_tries', 'notice_id', noticeId) };
}

/** "Send again": a delivered or failed notice is queued once more, due now, with a new round of tries (audited). */
export async function sendNoticeAgain(ctx: Ctx, actor: Actor & { kind: 'user' }, miniSiteId: string, noticeId: string) {
  await ownSite(ctx.db, actor.userId, miniSiteId);
  await inTransaction(ctx, async (tx) => {
    const [row] = await queryRows<{ state: NoticeState; storeId: string; orderId: string; event: string }>(tx, sql`
      select state, store_id as "storeId", order_id as "orderId", event from mini_site_notices
      where id = ${noticeId} and mini_site_id = ${miniSiteId} for update`);
    if (!row) throw new NotFound('mini_site_notice');
    const to = noticeMachine.transition(row.state, 'send_again');
    const now = ctx.clock.now();
    await tx.execute(requeueSql('mini_site_notices', noticeId, to, now));
    await recordAudit(tx, actor, {
      action: 'mini_site_notice.sent_again', entityType: 'mini_site_notice', entityId: noticeId, storeId: row.storeId,
      summary: `Order ${row.orderId}: ${row.event} notice sent again`, before: { state: row.state }, after: { state: to },
    }, now);
  });
  return noticeDetail(ctx.db, actor.userId, miniSiteId, noticeId);
}
