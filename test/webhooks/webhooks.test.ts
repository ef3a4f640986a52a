// Merchant webhooks: a store's endpoint receives the events it chose, signed (checked by a receiver written here),
// at least once, retried on the schedule the mini-site notices use, with a delivery log and "send again"; an
// endpoint failing for a day is disabled with a notice; another store's endpoints do not exist for a merchant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { Ctx } from '../../src/kernel/context.ts';
import { deliverOutbox } from '../../src/kernel/outbox.ts';
import { sweepWebhooks } from '../../src/modules/webhooks/index.ts';
import { account, secondProcess, testEnv, WAIT, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay, type Store } from '../orders/fixtures.ts';
import { webhookReceiver } from './receiver.ts';
import { closedPort, walkRetrySchedule } from '../delivery-schedule.ts';

let env: TestEnv;
let store: Store;
let product: { productId: string; skuIds: string[] };
let rx: Awaited<ReturnType<typeof webhookReceiver>>;
let second: { ctx: Ctx; close(): Promise<void> };

beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  rx = await webhookReceiver(env.clock);
  store = await openStore(env);
  product = await listedProduct(env, store, [{ price: 12345, stock: 1000 }]);
  second = await secondProcess(env, { TRIO_SESSION_TTL_HOURS: '100000' });
});
afterAll(async () => {
  await second?.close();
  await rx?.close();
  await env?.close();
});

const P = () => `${store.url}/webhooks`;
const owner = () => store.merchant.headers;

/** One tick of the scheduler's two sweeps that matter here: the outbox (writes deliveries), then the webhooks. */
async function tick(ctx: Ctx = env.ctx) {
  await deliverOutbox(ctx, 200);
  return sweepWebhooks(ctx, 200);
}

async function addEndpoint(events: string[], url = rx.url) {
  const res = await call(env, 'POST', P(), owner(), { url, events, description: 'ERP' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string; secretHint: string; state: string };
}

async function order() {
  const me = await buyer(env);
  const out = await checkoutOk(env, me, [{ skuId: product.skuIds[0], quantity: 1 }]);
  return { me, orderId: out.orders[0].id, paymentId: out.paymentId };
}

const forOrder = (orderId: string) => rx.received.filter((r) => r.json.data.orderId === orderId);
const deliveriesOf = (endpointId: string) => queryRows<{ id: string; event: string; state: string; attempts: number; tries: number }>(env.ctx.db, sql`
  select id, event, state, attempts, tries from webhook_deliveries where endpoint_id = ${endpointId} order by created_at, id`);

describe('merchant webhooks', () => {
  let endpoint: { id: string; secret: string };

  it('an endpoint gets the events it chose, signed with its secret (shown once), which its receiver verifies', async () => {
    endpoint = await addEndpoint(['order.paid', 'aftersales.*']);
    expect(endpoint.secret).toMatch(/^[\w-]{40,}$/);
    rx.useSecret(endpoint.secret);
    const listed = (await call(env, 'GET', P(), owner())).json();
    expect(listed.items).toEqual([expect.objectContaining({ id: endpoint.id, state: 'active', events: ['order.paid', 'aftersales.*'], secretHint: endpoint.secret.slice(-4) })]);
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret);
    expect(listed.events).toEqual(expect.arrayContaining(['order.paid', 'order.shipped', 'order.delivered', 'order.cancelled', 'aftersales.refunded', 'gift.claimed']));

    const { me, orderId, paymentId } = await order();
    await tick();
    expect(forOrder(orderId)).toEqual([]); // order.created was not chosen
    await pay(env, me, paymentId);
    await tick();
    const got = forOrder(orderId);
    expect(got.map((r) => [r.json.event, r.verified])).toEqual([['order.paid', true]]);
    expect(got[0].json).toMatchObject({ storeId: store.storeId, data: { orderId, total: 12345, currency: 'CNY' } });
    // The whole order as the store's API shows it, so the receiver needs no call back.
    const shown = (await call(env, 'GET', `${store.url}/orders/${orderId}`, owner())).json();
    expect(got[0].json.data.order).toMatchObject({ id: orderId, state: 'awaiting_shipment', total: 12345, address: shown.address, items: [expect.objectContaining({ skuId: product.skuIds[0], quantity: 1 })] });
    expect(got[0].headers['trio-webhook-id']).toBe(got[0].json.id);
    expect(got[0].headers['trio-webhook-event']).toBe('order.paid');
    const [d] = (await deliveriesOf(endpoint.id)).filter((x) => x.id === got[0].json.id);
    expect(d).toMatchObject({ state: 'delivered', tries: 1 });

    // A new secret: the receiver still holding the old one refuses the next delivery (the check is real).
    const rotated = await call(env, 'POST', `${P()}/${endpoint.id}/secret`, owner());
    expect(rotated.statusCode, rotated.body).toBe(200);
    const next = await order();
    await pay(env, next.me, next.paymentId);
    await tick();
    expect(forOrder(next.orderId).map((r) => r.verified)).toEqual([false]);
    const [failedTry] = (await deliveriesOf(endpoint.id)).filter((x) => x.id === forOrder(next.orderId)[0].json.id);
    expect(failedTry).toMatchObject({ state: 'pending', attempts: 1 });
    // The merchant pastes the new secret; the next try (due at once on the schedule) is accepted.
    rx.useSecret(rotated.json().secret);
    endpoint = { id: endpoint.id, secret: rotated.json().secret };
    await tick();
    expect(forOrder(next.orderId).map((r) => r.verified)).toEqual([false, true]);
  });

  it('while the receiver is down a delivery is tried exactly on the schedule, then delivered once', async () => {
    rx.answer(503);
    const { me, orderId, paymentId } = await order();
    await pay(env, me, paymentId);
    await tick();
    const tries = () => forOrder(orderId).length;
    // Tries 2 to 10 follow the order notices' schedule; the receiver is up again for the last.
    await walkRetrySchedule({ advance: (ms) => env.clock.advance(ms), tick, tries, lastTry: () => rx.answer(200) });
    const id = forOrder(orderId)[0].json.id;
    expect((await deliveriesOf(endpoint.id)).find((x) => x.id === id)).toMatchObject({ state: 'delivered', tries: 10 });
    expect(new Set(forOrder(orderId).map((r) => r.body)).size).toBe(1);
    env.clock.advance(24 * 3600_000);
    await tick();
    expect(tries()).toBe(10);
  });

  it('a process that dies mid-delivery loses nothing: when its lease runs out another process delivers it', async () => {
    rx.answer(200);
    const { me, orderId, paymentId } = await order();
    await pay(env, me, paymentId);
    await deliverOutbox(env.ctx, 200);
    rx.hold((body) => body.includes(orderId));
    const first = sweepWebhooks(env.ctx, 200); // this process "hangs" in the call
    await expect.poll(() => forOrder(orderId).length, WAIT).toBe(1);
    expect(await sweepWebhooks(second.ctx, 200)).toBe(0); // leased
    env.clock.advance(env.ctx.config.webhookLeaseSeconds * 1000);
    expect(await sweepWebhooks(second.ctx, 200)).toBe(1);
    const id = forOrder(orderId)[0].json.id;
    expect((await deliveriesOf(endpoint.id)).find((x) => x.id === id)).toMatchObject({ state: 'delivered', tries: 1 });
    rx.release(500); // the first process's late answer is logged, and changes nothing
    await first;
    expect((await deliveriesOf(endpoint.id)).find((x) => x.id === id)).toMatchObject({ state: 'delivered', tries: 1 });
    expect(forOrder(orderId).map((r) => r.json.id)).toEqual([id, id]);
  });

  it('the merchant reads the delivery log and sends a delivery again, audited', async () => {
    const [d] = (await deliveriesOf(endpoint.id)).filter((x) => x.state === 'delivered');
    const log = await call(env, 'GET', `${P()}/${endpoint.id}/deliveries?state=delivered`, owner());
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().items.map((x: { id: string }) => x.id)).toContain(d.id);
    const before = rx.received.filter((r) => r.json.id === d.id).length;
    const again = await call(env, 'POST', `${P()}/${endpoint.id}/deliveries/${d.id}/send-again`, owner());
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ state: 'pending', attempts: 0 });
    const twice = await call(env, 'POST', `${P()}/${endpoint.id}/deliveries/${d.id}/send-again`, owner());
    expect(twice.json()).toMatchObject({ status: 409, code: 'webhook_delivery_transition_not_allowed' });
    await tick();
    expect(rx.received.filter((r) => r.json.id === d.id)).toHaveLength(before + 1);
    const detail = (await call(env, 'GET', `${P()}/${endpoint.id}/deliveries/${d.id}`, owner())).json();
    expect(detail.state).toBe('delivered');
    expect(detail.log.at(-1)).toMatchObject({ status: 200, answer: 'ok' });
    const audit = await queryRows<{ actorId: string }>(env.ctx.db, sql`select actor_id as "actorId" from audit_log where action = 'webhook_delivery.sent_again' and entity_id = ${d.id}`);
    expect(audit).toEqual([{ actorId: store.merchant.userId }]);
  });

  it('an endpoint failing for a day is disabled, with a notice; enabled again, what waited goes out', async () => {
    const down = await addEndpoint(['order.created'], `http://127.0.0.1:${await closedPort()}/hook`);
    const day = env.ctx.config.webhookDisableAfterHours * 3600_000;
    await order();
    await tick();
    env.clock.advance(day - 60_000);
    await order();
    await tick();
    expect((await call(env, 'GET', `${P()}/${down.id}`, owner())).json()).toMatchObject({ state: 'active', failingSince: expect.any(String) });
    env.clock.advance(60_000);
    await order();
    await tick();
    const shown = (await call(env, 'GET', `${P()}/${down.id}`, owner())).json();
    expect(shown).toMatchObject({ state: 'disabled', disabledReason: 'failing', disabledAt: env.clock.now().toISOString() });
    const audit = await queryRows<{ actorRole: string }>(env.ctx.db, sql`select actor_role as "actorRole" from audit_log where action = 'webhook_endpoint.disabled_failing' and entity_id = ${down.id}`);
    expect(audit).toEqual([{ actorRole: 'system' }]);
    // Disabled: no new deliveries, and nothing is tried.
    const count = (await deliveriesOf(down.id)).length;
    await order();
    env.clock.advance(3600_000);
    expect(await tick()).toBe(0);
    expect(await deliveriesOf(down.id)).toHaveLength(count);

    // The merchant fixes the URL and enables it: the deliveries still pending go out.
    rx.answer(200);
    const fixed = await call(env, 'PATCH', `${P()}/${down.id}`, owner(), { url: rx.url });
    expect(fixed.statusCode, fixed.body).toBe(200);
    rx.useSecret(down.secret);
    const enabled = await call(env, 'POST', `${P()}/${down.id}/enable`, owner());
    expect(enabled.json()).toMatchObject({ state: 'active', disabledReason: null, failingSince: null });
    const waiting = (await deliveriesOf(down.id)).filter((x) => x.state === 'pending');
    expect(waiting.length).toBeGreaterThan(0);
    await tick();
    expect((await deliveriesOf(down.id)).filter((x) => waiting.some((w) => w.id === x.id)).map((x) => x.state)).toEqual(waiting.map(() => 'delivered'));
  });

  it('an endpoint whose deliveries gave up is disabled when its day of failures is over, with no new event', async () => {
    const down = await addEndpoint(['order.cancelled'], `http://127.0.0.1:${await closedPort()}/hook`);
    const { me, orderId } = await order();
    expect((await call(env, 'POST', `/api/orders/${orderId}/cancel`, me.headers, {})).statusCode).toBe(200);
    // Every try of the schedule fails (about 3.6 h), then the delivery gives up; no other event comes.
    for (let i = 0; i < 12; i++) {
      await tick();
      env.clock.advance(3600_000);
    }
    expect((await deliveriesOf(down.id)).map((d) => d.state)).toEqual(['failed']);
    expect((await call(env, 'GET', `${P()}/${down.id}`, owner())).json()).toMatchObject({ state: 'active', failingSince: expect.any(String) });
    env.clock.advance(env.ctx.config.webhookDisableAfterHours * 3600_000 - 12 * 3600_000);
    await tick();
    expect((await call(env, 'GET', `${P()}/${down.id}`, owner())).json()).toMatchObject({ state: 'disabled', disabledReason: 'failing' });
    // Once: the next sweeps find nothing to disable, and the audit has one entry.
    await tick();
    const audit = await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from audit_log where action = 'webhook_endpoint.disabled_failing' and entity_id = ${down.id}`);
    expect(audit).toEqual([{ n: 1 }]);
  });

  it('the merchant deletes an endpoint: it is gone, nothing more is sent to it, what waited ends failed, audited', async () => {
    rx.answer(503);
    const gone = await addEndpoint(['order.created']);
    await order();
    await tick();
    expect((await deliveriesOf(gone.id)).map((d) => d.state)).toEqual(['pending']);
    const received = rx.received.length;
    // Another store cannot delete it; the owner can, once.
    const other = await openStore(env);
    expect((await call(env, 'DELETE', `${other.url}/webhooks/${gone.id}`, other.merchant.headers)).statusCode).toBe(404);
    const del = await call(env, 'DELETE', `${P()}/${gone.id}`, owner());
    expect(del.statusCode, del.body).toBe(204);
    expect((await call(env, 'DELETE', `${P()}/${gone.id}`, owner())).statusCode).toBe(404);
    expect((await call(env, 'GET', `${P()}/${gone.id}`, owner())).statusCode).toBe(404);
    expect((await call(env, 'GET', P(), owner())).json().items.map((e: { id: string }) => e.id)).not.toContain(gone.id);
    expect((await deliveriesOf(gone.id)).map((d) => d.state)).toEqual(['failed']);
    // New events make no delivery for it, and nothing more reaches the receiver from it.
    rx.answer(200);
    await order();
    env.clock.advance(3600_000);
    await tick();
    const mine = await deliveriesOf(gone.id);
    expect(mine).toHaveLength(1);
    expect(rx.received.slice(received).filter((r) => r.json.id === mine[0].id)).toEqual([]);
    const audit = await queryRows<{ actorId: string }>(env.ctx.db, sql`select actor_id as "actorId" from audit_log where action = 'webhook_endpoint.deleted' and entity_id = ${gone.id}`);
    expect(audit).toEqual([{ actorId: store.merchant.userId }]);
  });

  it("another store's endpoints and deliveries do not exist for a merchant (404); bad input is a 4xx problem", async () => {
    const other = await openStore(env);
    const theirs = `${other.url}/webhooks`;
    const [d] = await deliveriesOf(endpoint.id);
    expect((await call(env, 'GET', `${theirs}/${endpoint.id}`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'GET', `${theirs}/${endpoint.id}/deliveries`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'POST', `${theirs}/${endpoint.id}/deliveries/${d.id}/send-again`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'POST', `${theirs}/${endpoint.id}/disable`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'GET', theirs, other.merchant.headers)).json().items).toEqual([]);
    // Not a member of our store at all: the store itself is not found.
    const stranger = await account(env, 'merchant');
    expect((await call(env, 'GET', P(), stranger.headers)).statusCode).toBe(404);
    const bad = await call(env, 'POST', P(), owner(), { url: 'http://example.com/hook', events: ['order.paid'] });
    expect(bad.json()).toMatchObject({ status: 422, code: 'webhook_url_not_allowed' });
    const unknown = await call(env, 'POST', P(), owner(), { url: rx.url, events: ['order.teleported'] });
    expect(unknown.statusCode).toBe(400);
  });
});
