// The printed greeting card speaks the giver's language, not the merchant's: the gift keeps the language its giver
// chose (the app's language when sending; without one, the giver's account language) and the claimed order's card
// carries it for the merchant's print page.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { address, buyer, call, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { claim, paidGift } from './support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv();
  s = await openStore(env);
});
afterAll(async () => env?.close());

/** Sends, pays and claims a single gift; answers the card of the merchant's order. */
async function claimedCard(giver: Buyer, extra: Record<string, unknown>) {
  const p = await listedProduct(env, s, [{ price: 2500, stock: 3 }]);
  const { token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', message: 'Chúc mừng!', ...extra });
  const claimed = await claim(env, token, await buyer(env), { address });
  expect(claimed.statusCode, claimed.body).toBe(201);
  const order = (await call(env, 'GET', `${s.url}/orders/${claimed.json().orderId}`, s.merchant.headers)).json();
  return order.gift.card as { language: string | null; message: string };
}

describe('the language of a gift card', () => {
  it('is the one the giver chose, on the order the merchant prints and on the giver\'s own view of the gift', async () => {
    expect(await claimedCard(await buyer(env), { cardLanguage: 'vi' })).toMatchObject({ language: 'vi', message: 'Chúc mừng!' });
    const giver = await buyer(env);
    const p = await listedProduct(env, s, [{ price: 2500, stock: 3 }]);
    const { gift } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', message: 'x', cardLanguage: 'zh' });
    expect((await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json().cardLanguage).toBe('zh');
    expect((await call(env, 'GET', '/api/gifts/sent?limit=5', giver.headers)).json().items[0].cardLanguage).toBe('zh');
    expect((await claimedCard(await buyer(env), { cardLanguage: 'zh' })).language).toBe('zh');
  });

  it("is the giver's account language when the giver chose none", async () => {
    const giver = await buyer(env);
    await env.ctx.db.execute(sql`update users set locale = 'zh' where id = ${giver.userId}`);
    expect((await claimedCard(giver, {})).language).toBe('zh');
  });

  it('is one of the languages cards are printed in', async () => {
    const p = await listedProduct(env, s, [{ price: 2500, stock: 3 }]);
    const res = await call(env, 'POST', '/api/gifts', (await buyer(env)).headers, { skuId: p.skuIds[0], kind: 'single', message: 'x', cardLanguage: 'fr' }, { 'idempotency-key': crypto.randomUUID() });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.cardLanguage');
  });
});
