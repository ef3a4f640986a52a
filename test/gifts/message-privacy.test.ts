// Who reads what the giver wrote on a gift link (message, the name the card is written to, the placed stickers):
// a single gift, once claimed, only for its giver and its recipient; a group gift, once it takes no newcomers, only
// for its giver and those who took part. Strangers, signed in or out, then see that it is hidden, not blank.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { claim, openLink, paidGift } from './support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  s = await openStore(env);
});
afterAll(async () => env?.close());

type Who = { headers: Record<string, string> } | null;
const read = async (token: string, who: Who) => {
  const res = await openLink(env, token, who);
  expect(res.statusCode, res.body).toBe(200);
  const p = res.json();
  return { message: p.message, messageHidden: p.messageHidden, receiverName: p.receiverName, stickers: p.decoration.stickers.length };
};
const shown = (message: string, receiverName: string | null = null, stickers = 0) => ({ message, messageHidden: false, receiverName, stickers });
const hidden = { message: '', messageHidden: true, receiverName: null, stickers: 0 };

describe('the message of a gift link', () => {
  it('single: everyone reads it until it is claimed; then only the giver and the recipient', async () => {
    const p = await listedProduct(env, s, [{ price: 3000, stock: 5 }]);
    const options = (await call(env, 'GET', `/api/products/${p.productId}/gift-options`, {})).json();
    const sticker = options.decoration.stickers[0];
    const [giver, friend, stranger] = [await buyer(env), await buyer(env), await buyer(env)];
    const { token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', message: 'Only for Lan', receiverName: 'Lan', stickers: [{ stickerId: sticker.id, x: 0.5, y: 0.5 }] });
    const full = shown('Only for Lan', 'Lan', 1);
    for (const who of [giver, friend, stranger, null]) expect(await read(token, who)).toEqual(full);

    const claimed = await claim(env, token, friend);
    expect(claimed.statusCode, claimed.body).toBe(201);
    expect(claimed.json().page).toMatchObject({ message: 'Only for Lan', messageHidden: false });
    expect(await read(token, giver)).toEqual(full);
    expect(await read(token, friend)).toEqual(full);
    expect(await read(token, stranger)).toEqual(hidden);
    expect(await read(token, null)).toEqual(hidden);
    // The rest of the page stays: who gave it, what it is, that it is claimed.
    const page = (await openLink(env, token, stranger)).json();
    expect(page).toMatchObject({ state: 'claimed', giverName: expect.stringMatching(/^buyer/), title: expect.any(String), viewer: { claimed: false, canClaim: false } });
  });

  it('first come: everyone reads it while units are left; once all are claimed, the giver and the claimants only', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 5 }]);
    const [giver, a, b, stranger] = [await buyer(env), await buyer(env), await buyer(env), await buyer(env)];
    const { token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'first_come', units: 2, message: 'First two win' });
    expect((await claim(env, token, a)).statusCode).toBe(201);
    // One unit left: the message still invites anyone.
    for (const who of [stranger, null]) expect(await read(token, who)).toEqual(shown('First two win'));
    expect((await claim(env, token, b)).statusCode).toBe(201);
    for (const who of [giver, a, b]) expect(await read(token, who)).toEqual(shown('First two win'));
    for (const who of [stranger, null]) expect(await read(token, who)).toEqual(hidden);
  });

  it('lottery: everyone reads it while joining is open; after the draw, the giver and those who joined only', async () => {
    const p = await listedProduct(env, s, [{ price: 1200, stock: 5 }]);
    const [giver, x, y, z, stranger] = [await buyer(env), await buyer(env), await buyer(env), await buyer(env), await buyer(env)];
    const deadline = new Date(env.clock.now().getTime() + 3600_000).toISOString();
    const { token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'lottery', units: 2, joinDeadline: deadline, message: 'Good luck' });
    for (const who of [x, y, z]) expect((await call(env, 'POST', `/api/gift-links/${token}/join`, who.headers)).statusCode).toBe(200);
    for (const who of [stranger, null]) expect(await read(token, who)).toEqual(shown('Good luck'));
    env.clock.advance(3600_000 + 1000);
    expect((await openLink(env, token, giver)).json().draw).not.toBeNull();
    // Three joined, two won: winners and the one who lost: both still read it.
    for (const who of [giver, x, y, z]) expect(await read(token, who)).toEqual(shown('Good luck'));
    for (const who of [stranger, null]) expect(await read(token, who)).toEqual(hidden);
  });

  it('lottery after the draw: the giver and those who joined read who won; a stranger reads the counts, no names or ids', async () => {
    const p = await listedProduct(env, s, [{ price: 1300, stock: 5 }]);
    const [giver, x, y, z, stranger] = [await buyer(env), await buyer(env), await buyer(env), await buyer(env), await buyer(env)];
    const deadline = new Date(env.clock.now().getTime() + 3600_000).toISOString();
    const { token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'lottery', units: 2, joinDeadline: deadline, message: 'Draw' });
    for (const who of [x, y, z]) expect((await call(env, 'POST', `/api/gift-links/${token}/join`, who.headers)).statusCode).toBe(200);
    env.clock.advance(3600_000 + 1000);
    const drawOf = async (who: Who) => (await openLink(env, token, who)).json().draw;
    const { winnerNames } = await drawOf(giver);
    for (const who of [giver, x, y, z]) {
      const d = await drawOf(who);
      expect(d).toMatchObject({ namesHidden: false, winnerCount: 2, participantCount: 3 });
      expect(d.winnerNames).toHaveLength(2);
      expect(d.winnerNames.every((n: string) => /^buyer/.test(n))).toBe(true);
      expect(d.participants).toHaveLength(3);
    }
    for (const who of [stranger, null]) {
      const d = await drawOf(who);
      expect(d).toMatchObject({ namesHidden: true, winnerCount: 2, participantCount: 3, winnerNames: [], winners: [], participants: [] });
      const page = JSON.stringify((await openLink(env, token, who)).json());
      for (const name of winnerNames) expect(page).not.toContain(name);
    }
  });
});
