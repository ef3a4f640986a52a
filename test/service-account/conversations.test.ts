// Conversations: a buyer writes to a store (from the inbox or about an order), the staff see it waiting in their
// queue and answer within the reply window (TRIO_SERVICE_REPLY_WINDOW_HOURS, 48 by default) of the buyer's last
// message; after that the answer is refused with the reason, until the buyer writes again. Tested by moving the clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { paidOrder } from '../aftersales/money-support.ts';
import { inbox, ok, staff } from './support.ts';

let env: TestEnv;
let s: Store;
let skuId: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: String(24 * 365) });
  s = await openStore(env);
  ({ skuIds: [skuId] } = await listedProduct(env, s, [{ price: 2_000, stock: 50 }]));
});
afterAll(() => env?.close());

describe('a conversation', () => {
  it('the buyer asks about an order; the staff answer from the queue; the answer is unread in the buyer’s inbox', async () => {
    const b = await buyer(env);
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    const asked = await ok(call(env, 'POST', `/api/inbox/stores/${s.storeId}/messages`, b.headers, { text: 'Khi nào giao hàng? 何时发货？', orderId: o.id }));
    expect(asked).toMatchObject({ kind: 'buyer_message', text: 'Khi nào giao hàng? 何时发货？', orderId: o.id, fromBuyer: true, read: true });
    const cs = await staff(env, s, 'customer_service');
    const queue = await ok(call(env, 'GET', `${s.url}/conversations?waiting=true`, cs.headers));
    expect(queue).toEqual([expect.objectContaining({ buyerId: b.userId, waiting: true, replyOpen: true, orderId: o.id, lastText: 'Khi nào giao hàng? 何时发货？' })]);
    const answered = await ok(call(env, 'POST', `${s.url}/conversations/${b.userId}/replies`, cs.headers, { text: 'Ngày mai. 明天发货。' }));
    expect(answered).toMatchObject({ waiting: false, replyOpen: true, windowHours: 48 });
    expect(answered.messages.map((m: { fromBuyer: boolean; text: string }) => [m.fromBuyer, m.text])).toEqual([[true, 'Khi nào giao hàng? 何时发货？'], [false, 'Ngày mai. 明天发货。']]);
    expect(await ok(call(env, 'GET', `${s.url}/conversations?waiting=true`, cs.headers))).toEqual([]);
    const mine = await inbox(env, b);
    expect(mine.items[0]).toMatchObject({ kind: 'store_reply', text: 'Ngày mai. 明天发货。', read: false, storeId: s.storeId });
    expect(mine.unread.count).toBe(1);
  });

  it('closes 48 hours after the buyer’s last message, says why, and opens again when the buyer writes', async () => {
    const b = await buyer(env);
    await ok(call(env, 'POST', `/api/inbox/stores/${s.storeId}/messages`, b.headers, { text: 'Có size M không?' }));
    env.clock.advance(48 * HOUR);
    await ok(call(env, 'POST', `${s.url}/conversations/${b.userId}/replies`, s.merchant.headers, { text: 'Có ạ.' }));
    env.clock.advance(1000);
    const late = await call(env, 'POST', `${s.url}/conversations/${b.userId}/replies`, s.merchant.headers, { text: 'Còn nữa…' });
    expect([late.statusCode, late.json().code]).toEqual([409, 'reply_window_closed']);
    expect(late.json().detail).toContain('48 hours');
    const seen = await ok(call(env, 'GET', `${s.url}/conversations/${b.userId}`, s.merchant.headers));
    expect(seen).toMatchObject({ replyOpen: false, waiting: false });
    await ok(call(env, 'POST', `/api/inbox/stores/${s.storeId}/messages`, b.headers, { text: 'Cảm ơn!' }));
    expect(await ok(call(env, 'GET', `${s.url}/conversations/${b.userId}`, s.merchant.headers))).toMatchObject({ replyOpen: true, waiting: true });
  });

  it('the window is a setting', async () => {
    const short = await testEnv({ TRIO_SERVICE_REPLY_WINDOW_HOURS: '1' });
    try {
      const store = await openStore(short);
      const b = await buyer(short);
      await ok(call(short, 'POST', `/api/inbox/stores/${store.storeId}/messages`, b.headers, { text: 'Hello' }));
      short.clock.advance(HOUR + 1);
      const late = await call(short, 'POST', `${store.url}/conversations/${b.userId}/replies`, store.merchant.headers, { text: 'Hi' });
      expect(late.json().code).toBe('reply_window_closed');
    } finally {
      await short.close();
    }
  });

  it('only the store’s members who may answer do; an order of someone else is refused; another store sees nothing', async () => {
    const b = await buyer(env);
    const nosy = await buyer(env);
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    const notMine = await call(env, 'POST', `/api/inbox/stores/${s.storeId}/messages`, nosy.headers, { text: 'hi', orderId: o.id });
    expect([notMine.statusCode, notMine.json().code]).toEqual([422, 'conversation_order_not_found']);
    const empty = await call(env, 'POST', `/api/inbox/stores/${s.storeId}/messages`, b.headers, { text: '   ' });
    expect(empty.statusCode).toBe(400);
    await ok(call(env, 'POST', `/api/inbox/stores/${s.storeId}/messages`, b.headers, { text: 'Hello' }));
    const reader = await staff(env, s, 'read_only');
    expect((await call(env, 'GET', `${s.url}/conversations/${b.userId}`, reader.headers)).statusCode).toBe(200);
    const denied = await call(env, 'POST', `${s.url}/conversations/${b.userId}/replies`, reader.headers, { text: 'x' });
    expect([denied.statusCode, denied.json().code]).toEqual([403, 'permission_missing']);
    const otherStore = await openStore(env);
    expect((await call(env, 'GET', `${otherStore.url}/conversations/${b.userId}`, otherStore.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'GET', `${s.url}/conversations`, otherStore.merchant.headers)).statusCode).toBe(404);
  });
});
