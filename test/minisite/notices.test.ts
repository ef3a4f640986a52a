// Order notices: an order placed through a mini-site tells the mini-site's callback URL of each event, signed, at
// least once, retried on the schedule while the receiver is down, with a delivery log and "send again".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { Ctx } from '../../src/kernel/context.ts';
import { deliverOutbox } from '../../src/kernel/outbox.ts';
import { SIGNATURE_HEADERS, signatureMatches, sweepNotices } from '../../src/modules/minisite/index.ts';
import { RETRY_DELAYS_SECONDS } from '../../src/kernel/delivery-rules.ts';
import { account, secondProcess, testEnv, WAIT, type TestEnv } from '../helpers.ts';
import { testMiniSite, type TestMiniSite } from '../fixtures/minisite.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay, type Store } from '../orders/fixtures.ts';
import { noticeReceiver } from './notice-receiver.ts';
import { closedPort, walkRetrySchedule } from '../delivery-schedule.ts';

let env: TestEnv;
let store: Store;
let product: { productId: string; skuIds: string[] };
let receiver: Awaited<ReturnType<typeof noticeReceiver>>;
let site: TestMiniSite;
let second: { ctx: Ctx; close(): Promise<void> };

beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  receiver = await noticeReceiver();
  store = await openStore(env);
  product = await listedProduct(env, store, [{ price: 12345, stock: 1000 }]);
  site = await testMiniSite(env.ctx.db, { ownerId: store.merchant.userId, linkStoreId: store.storeId, callbackUrl: receiver.url, now: env.clock.now() });
  second = await secondProcess(env, { TRIO_SESSION_TTL_HOURS: '100000' });
});
afterAll(async () => {
  await second?.close();
  await receiver?.close();
  await env?.close();
});

/** One tick of the scheduler's two sweeps that matter here: the outbox (writes notices), then the notices. */
async function tick(ctx: Ctx = env.ctx) {
  await deliverOutbox(ctx, 200);
  return sweepNotices(ctx, 200);
}

/** A buyer's order placed through the mini-site (as the buy-through flow marks it). */
async function orderThrough(s: { id: string } | null, quantity = 2) {
  const me = await buyer(env);
  const out = await checkoutOk(env, me, [{ skuId: product.skuIds[0], quantity }]);
  const orderId = out.orders[0].id;
  if (s) await env.ctx.db.execute(sql`update orders set mini_site_id = ${s.id}, channel = 'mini_site' where id = ${orderId}`);
  return { me, orderId, paymentId: out.paymentId };
}

const noticesOf = (orderId: string) => queryRows<{ id: string; event: string; state: string; attempts: number; tries: number }>(env.ctx.db, sql`
  select id, event, state, attempts, tries from mini_site_notices where order_id = ${orderId} order by created_at, event`);
const bodiesFor = (orderId: string) => receiver.received.map((r) => ({ ...r, json: JSON.parse(r.body) })).filter((r) => r.json.order?.id === orderId);

describe('order notices', () => {
  it('the callback URL gets a signed notice of the order being created and paid, with the order and its items', async () => {
    receiver.answer(200);
    const { me, orderId, paymentId } = await orderThrough(site);
    await tick();
    await pay(env, me, paymentId);
    await tick();
    const got = bodiesFor(orderId);
    expect(got.map((r) => r.json.event)).toEqual(['created', 'paid']);
    for (const r of got) {
      const h = r.headers;
      expect(h[SIGNATURE_HEADERS.appId]).toBe(site.appId);
      expect(r.path).toBe('/trio/notices?shop=1');
      const parts = { method: 'POST', path: r.path, timestamp: String(h[SIGNATURE_HEADERS.timestamp]), nonce: String(h[SIGNATURE_HEADERS.nonce]), body: r.body };
      expect(signatureMatches(site.key, parts, String(h[SIGNATURE_HEADERS.signature]))).toBe(true);
      // Signed with another key, or with the body changed, it would not match: the check is real.
      expect(signatureMatches(site.key, { ...parts, body: r.body.replace('12345', '12346') }, String(h[SIGNATURE_HEADERS.signature]))).toBe(false);
    }
    const [created, paid] = got.map((r) => r.json);
    expect(created.order).toMatchObject({ id: orderId, storeId: store.storeId, state: 'awaiting_payment', total: 24690, currency: 'CNY', channel: 'mini_site' });
    expect(created.order.items).toEqual([expect.objectContaining({ productId: product.productId, skuId: product.skuIds[0], unitPrice: 12345, quantity: 2, amount: 24690 })]);
    expect(paid.order.state).toBe('awaiting_shipment');
    expect(new Set(got.map((r) => r.json.id)).size).toBe(2);
    expect((await noticesOf(orderId)).map((n) => [n.event, n.state, n.tries])).toEqual([['created', 'delivered', 1], ['paid', 'delivered', 1]]);
  });

  it('an order not placed through a mini-site sends nothing', async () => {
    const before = receiver.received.length;
    const { orderId } = await orderThrough(null);
    await tick();
    expect(await noticesOf(orderId)).toEqual([]);
    expect(receiver.received.length).toBe(before);
  });

  it('while the receiver is down the notice is tried exactly on the schedule, then delivered once', async () => {
    receiver.answer(503);
    const { orderId } = await orderThrough(site);
    await tick();
    const tries = () => bodiesFor(orderId).length;
    // Tries 2 to 10 follow the schedule; the receiver is up again for the last.
    await walkRetrySchedule({ advance: (ms) => env.clock.advance(ms), tick, tries, lastTry: () => receiver.answer(200) });
    const [n] = await noticesOf(orderId);
    expect(n).toMatchObject({ state: 'delivered', tries: 10 });
    // Every try sent the same notice (id and body); after delivery nothing more goes out, however long we wait.
    expect(new Set(bodiesFor(orderId).map((r) => r.body)).size).toBe(1);
    env.clock.advance(24 * 3600_000);
    await tick();
    expect(tries()).toBe(10);
  });

  it('after 10 failed tries the notice is failed; the owner sees the log and sends it again, audited', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/hook`;
    const other = await testMiniSite(env.ctx.db, { ownerId: store.merchant.userId, linkStoreId: store.storeId, callbackUrl: down, now: env.clock.now() });
    const { orderId } = await orderThrough(other);
    await tick();
    for (const seconds of RETRY_DELAYS_SECONDS) {
      env.clock.advance(seconds * 1000);
      await tick();
    }
    const [n] = await noticesOf(orderId);
    expect(n).toMatchObject({ event: 'created', state: 'failed', attempts: 10, tries: 10 });
    env.clock.advance(24 * 3600_000);
    expect(await tick()).toBe(0);

    const owner = store.merchant.headers;
    const P = `/api/minisites/${other.id}/notices`;
    const list = await call(env, 'GET', `${P}?state=failed`, owner);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: n.id, orderId, event: 'created', state: 'failed', tries: 10, lastStatus: null }] });
    expect((await call(env, 'GET', `${P}?state=delivered`, owner)).json()).toEqual({ total: 0, items: [] });
    expect((await call(env, 'GET', `${P}?orderId=${orderId}&event=created`, owner)).json().total).toBe(1);
    const detail = (await call(env, 'GET', `${P}/${n.id}`, owner)).json();
    expect(detail.log).toHaveLength(10);
    expect(detail.log[0]).toMatchObject({ status: null, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(JSON.parse(detail.body)).toMatchObject({ id: n.id, event: 'created', order: { id: orderId } });

    // Another merchant does not see it (404, as if it did not exist); a pending notice cannot be sent again.
    const stranger = await account(env, 'merchant');
    expect((await call(env, 'GET', P, stranger.headers)).statusCode).toBe(404);
    expect((await call(env, 'POST', `${P}/${n.id}/send-again`, stranger.headers)).statusCode).toBe(404);

    // The callback URL is fixed; sent again, the same notice (same id) is delivered.
    await env.ctx.db.execute(sql`update mini_sites set callback_url = ${receiver.url} where id = ${other.id}`);
    receiver.answer(200);
    const again = await call(env, 'POST', `${P}/${n.id}/send-again`, owner);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ state: 'pending', attempts: 0, tries: 10 });
    const twice = await call(env, 'POST', `${P}/${n.id}/send-again`, owner);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('mini_site_notice_transition_not_allowed');
    await tick();
    expect(bodiesFor(orderId).map((r) => r.json.id)).toEqual([n.id]);
    expect((await noticesOf(orderId))[0]).toMatchObject({ state: 'delivered', attempts: 1, tries: 11 });
    const audit = await queryRows<{ actorId: string }>(env.ctx.db, sql`select actor_id as "actorId" from audit_log where action = 'mini_site_notice.sent_again' and entity_id = ${n.id}`);
    expect(audit).toEqual([{ actorId: store.merchant.userId }]);
  });

  it('a process that dies mid-call loses nothing: when its lease runs out another process delivers the notice', async () => {
    receiver.answer(200);
    const { orderId } = await orderThrough(site);
    await deliverOutbox(env.ctx, 200);
    // The first process claims the notice and sends it; the receiver holds the request (the process "hangs").
    receiver.hold((body) => body.includes(orderId));
    const first = sweepNotices(env.ctx, 200);
    await expect.poll(() => bodiesFor(orderId).length, WAIT).toBe(1);
    // Meanwhile the other process leaves it alone: it is leased.
    expect(await sweepNotices(second.ctx, 200)).toBe(0);
    env.clock.advance(env.ctx.config.noticeLeaseSeconds * 1000);
    expect(await sweepNotices(second.ctx, 200)).toBe(1);
    expect((await noticesOf(orderId))[0]).toMatchObject({ state: 'delivered', tries: 1 });
    // The first process's late answer is logged but changes nothing.
    receiver.release(500);
    await first;
    const [n] = await noticesOf(orderId);
    expect(n).toMatchObject({ state: 'delivered', tries: 1 });
    const logged = await queryRows<{ status: number }>(env.ctx.db, sql`select status from mini_site_notice_tries where notice_id = ${n.id} order by id`);
    expect(logged.map((t) => t.status).sort()).toEqual([200, 500]);
    expect(bodiesFor(orderId).map((r) => r.json.id)).toEqual([n.id, n.id]);
  });
});
