// A store's life: opening -> open -> closing -> closed, each move by the role it belongs to, each one audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/kernel/auth.ts';
import { changeStoreStatus } from '../../src/modules/merchants/stores.ts';
import { operator, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { ask, expectProblem, getStore, newCheckedStore, newStore, openStore, uploadOk, writesNothing, type Who } from './support.ts';

let env: TestEnv;
let op: Who;
/** One merchant account for the file: each test works in stores of its own. */
let merchant: Who;
beforeAll(async () => {
  env = await testEnv();
  op = await operator(env);
  merchant = await signUp(env.app, 'merchant');
});
afterAll(async () => { await env?.close(); });

const byMerchant = (m: Who, storeId: string, event: string) => env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeId}/status`, headers: m.headers, payload: { event } });
const byOperator = (storeId: string, event: string, who = op) => env.app.inject({ method: 'POST', url: `/api/operator/stores/${storeId}/status`, headers: who.headers, payload: { event } });
const statusChanges = async (storeId: string) =>
  (await env.app.inject({ method: 'GET', url: `/api/operator/audit?storeId=${storeId}&action=store.status_changed&limit=200`, headers: op.headers })).json().items.reverse() as {
    before: { status: string }; after: { status: string }; actorRole: string; actorId: string | null; summary: string;
  }[];

describe('moving a store through its life', () => {
  it('the merchant asks to close an open store and takes it back; the operator closes it and completes the closure; each step is audited with before and after', async () => {
    const m = merchant;
    const store = await openStore(env, m);

    const steps: [() => ReturnType<typeof byOperator>, string][] = [
      [() => byMerchant(m, store.id, 'request_close'), 'closing'],
      [() => byMerchant(m, store.id, 'reopen'), 'open'],
      [() => byOperator(store.id, 'close_by_operator'), 'closing'],
      [() => byOperator(store.id, 'complete_close'), 'closed'],
    ];
    for (const [step, status] of steps) {
      const res = await step();
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe(status);
      expect((await getStore(env, m, store.id)).status).toBe(status);
    }
    const changes = await statusChanges(store.id);
    expect(changes.map((c) => [c.before.status, c.after.status, c.actorRole])).toEqual([
      // The operator's check of the entity's first store opened it.
      ['opening', 'open', 'operator'],
      ['open', 'closing', 'merchant'],
      ['closing', 'open', 'merchant'],
      ['open', 'closing', 'operator'],
      ['closing', 'closed', 'operator'],
    ]);
    expect(changes[1].actorId).toBe(m.userId);
    expect(changes[4].actorId).toBe(op.userId);
  });

  it('the merchant cancels an application that is still opening', async () => {
    const m = merchant;
    const store = await newStore(env, m);
    const res = await byMerchant(m, store.id, 'cancel');
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('closed');
    const [change] = await statusChanges(store.id);
    expect(change).toMatchObject({ before: { status: 'opening' }, after: { status: 'closed' }, actorRole: 'merchant' });
  });
});

describe('moves that are not allowed', () => {
  it('a move the state does not allow is refused with 409, names what is allowed, and writes nothing', async () => {
    const m = merchant;
    const opening = await newStore(env, m);
    const open = await openStore(env, m);
    const cases: [() => ReturnType<typeof byOperator>, string, string[]][] = [
      [() => byMerchant(m, opening.id, 'request_close'), 'opening', ['review_complete', 'entity_refused', 'cancel']],
      [() => byMerchant(m, opening.id, 'reopen'), 'opening', ['review_complete', 'entity_refused', 'cancel']],
      [() => byOperator(opening.id, 'complete_close'), 'opening', ['review_complete', 'entity_refused', 'cancel']],
      [() => byMerchant(m, open.id, 'cancel'), 'open', ['request_close', 'close_by_operator']],
      [() => byMerchant(m, open.id, 'reopen'), 'open', ['request_close', 'close_by_operator']],
      [() => byOperator(open.id, 'complete_close'), 'open', ['request_close', 'close_by_operator']],
    ];
    for (const [move, state, allowed] of cases) {
      await writesNothing(env.ctx.db, async () => {
        const body = expectProblem(await move(), 409, 'store_transition_not_allowed');
        expect(body.state).toBe(state);
        expect(body.allowed).toEqual(allowed);
      });
    }
  });

  it('a closed store is final', async () => {
    const m = merchant;
    const store = await newStore(env, m);
    await byMerchant(m, store.id, 'cancel');
    await writesNothing(env.ctx.db, async () => {
      for (const event of ['cancel', 'request_close', 'reopen']) {
        const body = expectProblem(await byMerchant(m, store.id, event), 409, 'store_transition_not_allowed');
        expect(body.detail).toMatch(/final/);
      }
      for (const event of ['close_by_operator', 'complete_close']) expectProblem(await byOperator(store.id, event), 409, 'store_transition_not_allowed');
    });
  });

  it("each role fires only its own moves: the operator cannot use the merchant's, the merchant cannot use the operator's", async () => {
    const m = merchant;
    const buyer = await signUp(env.app, 'buyer');
    const store = await openStore(env, m);
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/status`, headers: op.headers, payload: { event: 'request_close' } }), 403, 'forbidden');
      expectProblem(await byOperator(store.id, 'close_by_operator', m), 403, 'forbidden');
      expectProblem(await byOperator(store.id, 'close_by_operator', buyer), 403, 'forbidden');
      expectProblem(await byMerchant(buyer, store.id, 'request_close'), 403, 'forbidden');
      // An operator's event through the merchant's door is not even a valid request.
      const body = expectProblem(await byMerchant(m, store.id, 'close_by_operator'), 400, 'validation_failed');
      expect(body.errors[0].path).toBe('body.event');
      expectProblem(await byOperator(store.id, 'request_close'), 400, 'validation_failed');
    });
  });

  it('the service itself refuses an event that belongs to another role (403 store_event_not_yours)', async () => {
    const m = merchant;
    const store = await openStore(env, m);
    const merchantActor: Actor = { kind: 'user', userId: m.userId!, role: 'merchant', displayName: 'M', sessionId: 'x' };
    const operatorActor: Actor = { kind: 'user', userId: op.userId!, role: 'operator', displayName: 'O', sessionId: 'y' };
    await expect(changeStoreStatus(env.ctx, merchantActor, store.id, 'close_by_operator')).rejects.toMatchObject({ status: 403, code: 'store_event_not_yours' });
    await expect(changeStoreStatus(env.ctx, operatorActor, store.id, 'request_close')).rejects.toMatchObject({ status: 403, code: 'store_event_not_yours' });
    expect((await getStore(env, m, store.id)).status).toBe('open');
  });
});

describe('the operator sees stores by state', () => {
  it('the store list filters by status', async () => {
    const m = merchant;
    const store = await newStore(env, m);
    await byMerchant(m, store.id, 'cancel');
    const closed = (await env.app.inject({ method: 'GET', url: '/api/operator/stores?status=closed&limit=200', headers: op.headers })).json().stores;
    expect(closed.map((s: { id: string }) => s.id)).toContain(store.id);
    expect(closed.every((s: { status: string }) => s.status === 'closed')).toBe(true);
    const open = (await env.app.inject({ method: 'GET', url: '/api/operator/stores?status=open&limit=200', headers: op.headers })).json().stores;
    expect(open.map((s: { id: string }) => s.id)).not.toContain(store.id);
  });
});

describe('what closing a store does to its review', () => {
  it('cancelling a store withdraws its applications still in review: they leave the queue and cannot be approved', async () => {
    const m = merchant;
    const store = await newCheckedStore(env, m);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    const app = (await ask(env, m, store.id, [['apparel.women.silk', [doc]]])).json()[0];
    expect((await byMerchant(m, store.id, 'cancel')).json().status).toBe('closed');

    const seen = await getStore(env, m, store.id);
    expect(seen.applications.find((a: { id: string }) => a.id === app.id)).toMatchObject({ status: 'withdrawn' });
    const queue = (await env.app.inject({ method: 'GET', url: '/api/operator/applications?status=in_review&limit=200', headers: op.headers })).json().applications;
    expect(queue.map((a: { id: string }) => a.id)).not.toContain(app.id);
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/operator/applications/${app.id}/approve`, headers: op.headers }), 409, 'category_application_transition_not_allowed');
    const audit = (await env.app.inject({ method: 'GET', url: `/api/operator/audit?entityId=${app.id}`, headers: op.headers })).json().items[0];
    expect(audit).toMatchObject({ action: 'category_application.withdraw', before: { status: 'in_review' }, after: { status: 'withdrawn' } });
  });

  it('a store closed by the operator leaves nothing in review either, and keeps its approved categories on record', async () => {
    const m = merchant;
    const store = await openStore(env, m, ['apparel.women.dresses']);
    const doc = await uploadOk(env, m, store.id, 'brand_authorisation');
    const pending = (await ask(env, m, store.id, [['apparel.women.silk', [doc]]])).json()[0];
    await byOperator(store.id, 'close_by_operator');
    await byOperator(store.id, 'complete_close');
    const seen = await getStore(env, m, store.id);
    expect(seen.applications.map((a: { id: string; status: string }) => [a.id === pending.id, a.status]).sort()).toEqual([[false, 'approved'], [true, 'withdrawn']]);
  });
});

describe('a closure the platform started', () => {
  it('the merchant cannot take back a closure the operator started; the operator can reinstate the store', async () => {
    const store = await openStore(env, merchant);
    expect((await byOperator(store.id, 'close_by_operator')).json().status).toBe('closing');
    const reopen = await byMerchant(merchant, store.id, 'reopen');
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().code).toBe('store_closing_by_operator');
    const back = await byOperator(store.id, 'reinstate');
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().status).toBe('open');
    // a closure the merchant asked for is the merchant's to take back
    await byMerchant(merchant, store.id, 'request_close');
    expect((await byMerchant(merchant, store.id, 'reopen')).json().status).toBe('open');
  });
});
