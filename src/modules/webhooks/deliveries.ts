// Webhook deliveries: every outbox event of a store becomes one delivery per active endpoint that wants it, written
// in the outbox sweep's transaction (the one that marks the event done: never lost between the two, never in the
// transaction of the checkout or change itself). Sending: sweep.ts. Reads and "send again" for the console.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { deliveryFacts, deliveryFactsSql, requeueSql, triesOf, type DeliveryFacts, type DeliveryFactsRow } from '../../kernel/delivery-reads.ts';
import type { DeliveryState } from '../../kernel/delivery-rules.ts';
import { NotFound } from '../../kernel/errors.ts';
import { subscribe, type OutboxMessage } from '../../kernel/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import { orderDetail } from '../orders/index.ts';
import { getEndpoint } from './endpoints.ts';
import { WEBHOOK_TOPICS, webhookDeliveryMachine, wants } from './rules.ts';

/** Outbox subscriber ('*'): the deliveries of one store event (runs in the outbox sweep's transaction, tx). */
export async function writeDeliveries(msg: OutboxMessage & { id: number; createdAt: Date }, tx: Db): Promise<void> {
  const event = WEBHOOK_TOPICS[msg.topic];
  if (!event || !msg.storeId) return;
  const endpoints = await queryRows<{ id: string; events: string[] }>(tx, sql`
    select id, events from webhook_endpoints where store_id = ${msg.storeId} and state = 'active'`);
  const to = endpoints.filter((e) => wants(e.events, event));
  if (!to.length) return;
  const now = msg.createdAt;
  const data = await eventData(tx, msg.storeId, event, msg.payload, now);
  const rows = to.map((e) => {
    const id = crypto.randomUUID();
    const body = JSON.stringify({ id, event, storeId: msg.storeId, occurredAt: now.toISOString(), data });
    return { id, endpoint_id: e.id, body };
  });
  await tx.execute(sql`
    insert into webhook_deliveries (id, store_id, endpoint_id, outbox_id, event, body, state, next_attempt_at, occurred_at, created_at, updated_at)
    select x.id, ${msg.storeId}, x.endpoint_id, ${msg.id}, ${event}, x.body, 'pending', ${now}, ${now}, ${now}, ${now}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, endpoint_id uuid, body text)
    on conflict (outbox_id, endpoint_id) do nothing`);
}

/**
 * An event's data: the outbox payload, and for an order event the whole order as the store's API shows it then
 * (`GET /api/merchant/stores/:storeId/orders/:orderId`: items, amounts, address, shipments, timeline), so a
 * receiver needs no call back to act on it. Read once per event, in the transaction that writes the deliveries.
 */
async function eventData(tx: Db, storeId: string, event: string, payload: Record<string, unknown>, now: Date) {
  if (!event.startsWith('order.') || typeof payload.orderId !== 'string') return payload;
  const order = await orderDetail(tx, { storeId }, payload.orderId, now).catch((err) => {
    if (err instanceof NotFound) return null; // gone meanwhile: the payload alone
    throw err;
  });
  return order ? { ...payload, order } : payload;
}

/** Wires the subscriber (app.ts; idempotent). */
export function followEventsForWebhooks() {
  for (const topic of Object.keys(WEBHOOK_TOPICS)) subscribe(topic, writeDeliveries);
}

export type DeliveryView = { id: string; endpointId: string; event: string } & DeliveryFacts;
type Row = Omit<DeliveryView, keyof DeliveryFacts> & DeliveryFactsRow;
const columns = sql`id, endpoint_id as "endpointId", event, ${deliveryFactsSql}`;
const view = (r: Row): DeliveryView => deliveryFacts(r);

export type DeliveryFilter = { state?: DeliveryState; event?: string; limit: number; offset: number };

/** An endpoint's deliveries, newest first, with how many match (404 for another store's endpoint). */
export async function listDeliveries(db: Db, storeId: string, endpointId: string, f: DeliveryFilter) {
  await getEndpoint(db, storeId, endpointId);
  const where: SQL[] = [sql`endpoint_id = ${endpointId}`];
  if (f.state) where.push(sql`state = ${f.state}`);
  if (f.event) where.push(sql`event = ${f.event}`);
  const cond = sql.join(where, sql` and `);
  const [rows, [{ total }]] = await Promise.all([
    queryRows<Row>(db, sql`select ${columns} from webhook_deliveries where ${cond} order by created_at desc, id desc limit ${f.limit} offset ${f.offset}`),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from webhook_deliveries where ${cond}`),
  ]);
  return { total, items: rows.map(view) };
}

/** One delivery with its body and every try, oldest first. */
export async function deliveryDetail(db: Db, storeId: string, endpointId: string, deliveryId: string) {
  const [row] = await queryRows<Row & { body: string }>(db, sql`
    select ${columns}, body from webhook_deliveries where id = ${deliveryId} and endpoint_id = ${endpointId} and store_id = ${storeId}`);
  if (!row) throw new NotFound('webhook_delivery');
  const { body, ...rest } = row;
  return { ...view(rest), body, log: await triesOf(db, 'webhook_delivery_tries', 'delivery_id', deliveryId) };
}

/** "Send again": a delivered or failed delivery is queued once more, due now, with a new round of tries (audited). */
export async function sendAgain(ctx: Ctx, actor: Actor, storeId: string, endpointId: string, deliveryId: string) {
  await inTransaction(ctx, async (tx) => {
    const [row] = await queryRows<{ state: DeliveryState; event: string }>(tx, sql`
      select state, event from webhook_deliveries where id = ${deliveryId} and endpoint_id = ${endpointId} and store_id = ${storeId} for update`);
    if (!row) throw new NotFound('webhook_delivery');
    const to = webhookDeliveryMachine.transition(row.state, 'send_again');
    const now = ctx.clock.now();
    await tx.execute(requeueSql('webhook_deliveries', deliveryId, to, now));
    await recordAudit(tx, actor, {
      action: 'webhook_delivery.sent_again', entityType: 'webhook_delivery', entityId: deliveryId, storeId,
      summary: `Webhook ${row.event} sent again`, before: { state: row.state }, after: { state: to },
    }, now);
  });
  return deliveryDetail(ctx.db, storeId, endpointId, deliveryId);
}
