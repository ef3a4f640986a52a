// The dispute desk: the merchant rejects, the buyer disputes, the operator sees them oldest first and decides —
// refund in full, in part, or reject — with the decision recorded on the request, its timeline and the audit log.
import { storeWithReturns } from './support.ts';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { operator, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, type Buyer, type Store } from '../orders/fixtures.ts';
import { itemRow, paidOrder, requestRow, sendRefunds } from './money-support.ts';

let env: TestEnv;
let s: Store;
let b: Buyer;
let op: Awaited<ReturnType<typeof operator>>;
beforeAll(async () => {
  env = await testEnv();
  s = await storeWithReturns(env);
  b = await buyer(env);
  op = await operator(env);
});
afterAll(async () => env?.close());

/** An item of a paid order, asked back by the buyer and rejected by the merchant, then disputed (through the API). */
async function disputed(price: number, quantity = 1) {
  const p = await listedProduct(env, s, [{ price, stock: 10 }]);
  const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity }]);
  const asked = await call(env, 'POST', `/api/orders/${order.id}/after-sales`, b.headers, { orderItemId: order.items[0].id, type: 'refund', quantity, reason: 'Never arrived' }, { 'idempotency-key': randomUUID() });
  expect(asked.statusCode, asked.body).toBe(201);
  const id = asked.json().id as string;
  const rejected = await call(env, 'POST', `${s.url}/after-sales/${id}/reject`, s.merchant.headers, { reason: 'Tracking says delivered' });
  expect(rejected.statusCode, rejected.body).toBe(200);
  const d = await call(env, 'POST', `/api/after-sales/${id}/dispute`, b.headers, { reason: 'Nothing came; the tracking is of another address' });
  expect(d.statusCode, d.body).toBe(200);
  expect(d.json().state).toBe('in_dispute');
  return { id, order, itemId: order.items[0].id as string };
}

const decide = (id: string, body: Record<string, unknown>, who = op) => call(env, 'POST', `/api/operator/after-sales/${id}/decide`, who.headers, body);

describe('the dispute desk', () => {
  it('lists disputes oldest first, and decides them three ways, each recorded', async () => {
    const full = await disputed(9_900, 2);
    env.clock.advance(60_000);
    const part = await disputed(5_000);
    env.clock.advance(60_000);
    const no = await disputed(2_000);

    const desk = await call(env, 'GET', '/api/operator/after-sales', op.headers);
    expect(desk.statusCode, desk.body).toBe(200);
    expect(desk.json().items.map((x: { id: string }) => x.id)).toEqual([full.id, part.id, no.id]);
    expect(desk.json().items[0]).toMatchObject({ state: 'in_dispute', type: 'refund', amount: 19_800, itemPaid: 19_800, itemRefunded: 0, buyerId: b.userId, buyerName: expect.stringMatching(/^buyer/),
      rejectReason: 'Tracking says delivered', disputeReason: expect.stringMatching(/^Nothing came/), storeName: expect.stringMatching(/^Store/) });
    const detail = (await call(env, 'GET', `/api/operator/after-sales/${full.id}`, op.headers)).json();
    expect(detail.timeline.map((e: { event: string }) => e.event)).toEqual(['created', 'reject', 'open_dispute']);

    // In full: everything the units may get back.
    const r1 = await decide(full.id, { outcome: 'refund_full', note: 'The carrier confirms a wrong address' });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ state: 'refunding', agreedAmount: 19_800, refundAmount: 19_800,
      decision: { outcome: 'refund_full', amount: 19_800, note: 'The carrier confirms a wrong address', decidedBy: op.userId } });
    expect(r1.json().timeline.at(-1)).toMatchObject({ event: 'operator_refund', actorRole: 'operator', fromState: 'in_dispute', toState: 'refunding' });

    // In part: the amount the operator names (no more than the units' share).
    const tooMuch = await decide(part.id, { outcome: 'refund_partial', amount: 5_001, note: 'Half' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().code).toBe('refund_exceeds_paid');
    const noAmount = await decide(part.id, { outcome: 'refund_partial', note: 'Half' });
    expect(noAmount.statusCode).toBe(422);
    expect(noAmount.json().code).toBe('amount_required');
    expect((await requestRow(env, part.id)).state).toBe('in_dispute'); // nothing changed
    const r2 = await decide(part.id, { outcome: 'refund_partial', amount: 2_500, note: 'Half: the box was opened' });
    expect(r2.statusCode, r2.body).toBe(200);
    expect(r2.json()).toMatchObject({ state: 'refunding', agreedAmount: 2_500, decision: { outcome: 'refund_partial', amount: 2_500 } });

    // Reject: the request closes, nothing is refunded.
    const r3 = await decide(no.id, { outcome: 'reject', note: 'Signed for by the buyer' });
    expect(r3.statusCode, r3.body).toBe(200);
    expect(r3.json()).toMatchObject({ state: 'closed', agreedAmount: null, refundId: null, decision: { outcome: 'reject', amount: 0, note: 'Signed for by the buyer' } });
    expect(r3.json().closedAt).not.toBeNull();

    // Decided once: a second decision is refused.
    const again = await decide(no.id, { outcome: 'refund_full', note: 'Changed my mind' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('after_sale_transition_not_allowed');
    expect((await call(env, 'GET', '/api/operator/after-sales', op.headers)).json().items).toEqual([]);

    // The refunds go through the sandbox.
    await sendRefunds(env);
    expect(await requestRow(env, full.id)).toMatchObject({ state: 'refunded' });
    expect(await requestRow(env, part.id)).toMatchObject({ state: 'refunded' });
    expect(await itemRow(env, full.itemId)).toMatchObject({ refundedAmount: 19_800, refundState: 'full', state: 'closed' });
    expect(await itemRow(env, part.itemId)).toMatchObject({ refundedAmount: 2_500, refundState: 'partial' });
    expect(await itemRow(env, no.itemId)).toMatchObject({ refundedAmount: 0, refundState: 'none' });
    // The buyer sees the decision on its request.
    expect((await call(env, 'GET', `/api/after-sales/${part.id}`, b.headers)).json()).toMatchObject({ state: 'refunded', decision: { outcome: 'refund_partial', amount: 2_500 } });

    // The audit log keeps who decided what.
    const audit = (await env.ctx.db.execute(sql`select action, actor_id, actor_role, entity_id, store_id, after from audit_log where entity_type = 'after_sale' order by id`) as unknown as { rows: { action: string; actor_id: string; actor_role: string; entity_id: string; store_id: string; after: { state: string } }[] }).rows;
    expect(audit.map((a) => [a.action, a.entity_id, a.actor_id, a.actor_role, a.store_id, a.after.state])).toEqual([
      ['aftersale.dispute_refund_full', full.id, op.userId, 'operator', s.storeId, 'refunding'],
      ['aftersale.dispute_refund_partial', part.id, op.userId, 'operator', s.storeId, 'refunding'],
      ['aftersale.dispute_reject', no.id, op.userId, 'operator', s.storeId, 'closed'],
    ]);
  });

  it('is the operator\'s only; a request not in dispute cannot be decided; unknown ids are 404', async () => {
    const d = await disputed(1_000);
    for (const who of [b, s.merchant]) {
      expect((await call(env, 'GET', '/api/operator/after-sales', who.headers)).statusCode).toBe(403);
      expect((await decide(d.id, { outcome: 'reject', note: 'x' }, who as typeof op)).statusCode).toBe(403);
    }
    expect((await call(env, 'GET', `/api/operator/after-sales/${randomUUID()}`, op.headers)).json().code).toBe('after_sale_not_found');
    expect((await decide(randomUUID(), { outcome: 'reject', note: 'x' })).statusCode).toBe(404);
    const bad = await decide(d.id, { outcome: 'refund_all', note: 'x' });
    expect(bad.statusCode).toBe(400);

    // A request still with the merchant: not the operator's to decide.
    const p = await listedProduct(env, s, [{ price: 700, stock: 5 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
    const asked = await call(env, 'POST', `/api/orders/${order.id}/after-sales`, b.headers, { orderItemId: order.items[0].id, type: 'refund', quantity: 1, reason: 'Wrong size' }, { 'idempotency-key': randomUUID() });
    const early = await decide(asked.json().id, { outcome: 'refund_full', note: 'x' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('after_sale_transition_not_allowed');
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from audit_log where entity_id = ${asked.json().id}`)).toBe(0);
    // The desk filters by state.
    const processing = (await call(env, 'GET', '/api/operator/after-sales?state=merchant_processing', op.headers)).json();
    expect(processing.items.map((x: { id: string }) => x.id)).toContain(asked.json().id);
  });
});
