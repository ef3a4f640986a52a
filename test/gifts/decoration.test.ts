// A merchant decorates a product's gift page (theme, stickers, greeting cards) and switches gifting on or off;
// buyers' gift options show what the merchant saved. Other stores, buyers and bad input change nothing.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DECORATION, decorationOf } from '../../src/modules/gifts/decoration.ts';
import { multipart, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, rows } from '../api/support.ts';
import { call as request, listedProduct, openStore, type Store } from '../orders/fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

const call = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) => request(env, method, url, headers, payload);
const decorationUrl = (s: Store, productId: string) => `${s.url}/products/${productId}/gift-decoration`;

async function image(s: Store) {
  const data = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2b8a3e' } }).png().toBuffer();
  const body = multipart({}, { name: 'cover.png', type: 'image/png', data });
  const res = await env.app.inject({ method: 'POST', url: `${s.url}/images`, headers: { ...s.merchant.headers, ...body.headers }, payload: body.payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const teaDecoration = (coverImageId: string | null) => ({
  theme: { coverImageId, background: '#EEF6EE', accent: '#2b8a3e', text: '#1b3a23' },
  stickers: [{ id: 'leaf', label: 'Tea leaf', glyph: '🍃' }, { id: 'fu', label: 'Blessing', glyph: '福' }, { id: 'family', label: 'Family', glyph: '👨‍👩‍👧‍👦' }],
  cards: [{ id: 'spring', name: 'Spring tea', background: '#f4fce3', accent: '#5c940d', pattern: 'dots' }],
});

/** What a buyer's "send as gift" screen gets for the product. */
async function buyerOptions(productId: string) {
  const res = await call('GET', `/api/products/${productId}/gift-options`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('gift decoration', () => {
  it('a product shows the default decoration until its merchant saves one; buyers then see the saved one', async () => {
    const s = await openStore(env);
    const { productId } = await listedProduct(env, s);
    const first = await call('GET', decorationUrl(s, productId), s.merchant.headers);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual(DEFAULT_DECORATION);
    expect((await buyerOptions(productId)).decoration).toEqual(DEFAULT_DECORATION);

    const cover = await image(s);
    const saved = await call('PUT', decorationUrl(s, productId), s.merchant.headers, teaDecoration(cover));
    expect(saved.statusCode, saved.body).toBe(200);
    // Colours are kept lower-case; everything else as sent.
    const expected = { ...teaDecoration(cover), theme: { ...teaDecoration(cover).theme, background: '#eef6ee' } };
    expect(saved.json()).toEqual(expected);
    expect((await call('GET', decorationUrl(s, productId), s.merchant.headers)).json()).toEqual(expected);
    expect((await buyerOptions(productId)).decoration).toEqual(expected);
    expect(await decorationOf(env.ctx.db, productId)).toEqual(expected);

    // Saving again replaces it; the change is in the store's audit log with before and after.
    const plain = { ...expected, stickers: [], cards: [] };
    expect((await call('PUT', decorationUrl(s, productId), s.merchant.headers, plain)).json()).toEqual(plain);
    expect((await buyerOptions(productId)).decoration).toEqual(plain);
    const audit = (await call('GET', `${s.url}/audit?action=product.gift_decoration`, s.merchant.headers)).json().items;
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ entityId: productId, before: expected, after: plain });
  });

  it("another store's merchant cannot read or change the decoration: 404, and nothing changes", async () => {
    const a = await openStore(env);
    const b = await openStore(env);
    const { productId } = await listedProduct(env, a);
    await call('PUT', decorationUrl(a, productId), a.merchant.headers, teaDecoration(null));
    const before = await rows(env.ctx.db, 'gift_decorations');
    // Through their own store: the product is not theirs.
    expectProblem(await call('GET', decorationUrl(b, productId), b.merchant.headers), 404, 'product_not_found');
    expectProblem(await call('PUT', decorationUrl(b, productId), b.merchant.headers, DEFAULT_DECORATION), 404, 'product_not_found');
    expectProblem(await call('PUT', `${b.url}/products/${productId}/gifting`, b.merchant.headers, { enabled: false }), 404, 'product_not_found');
    // Through the other store: not their store.
    expectProblem(await call('GET', decorationUrl(a, productId), b.merchant.headers), 404, 'store_not_found');
    expectProblem(await call('PUT', decorationUrl(a, productId), b.merchant.headers, DEFAULT_DECORATION), 404, 'store_not_found');
    expect(await rows(env.ctx.db, 'gift_decorations')).toEqual(before);
    expect((await call('GET', `${a.url}/products/${productId}/gifting`, a.merchant.headers)).json()).toEqual({ enabled: true });
  });

  it('bad decorations are refused with their own 422 code and change nothing', async () => {
    const s = await openStore(env);
    const other = await openStore(env);
    const { productId } = await listedProduct(env, s);
    const good = teaDecoration(null);
    await call('PUT', decorationUrl(s, productId), s.merchant.headers, good);
    const saved = (await call('GET', decorationUrl(s, productId), s.merchant.headers)).json();
    const sticker = (i: number) => ({ id: `s${i}`, label: `Sticker ${i}`, glyph: '⭐' });
    const card = (i: number) => ({ id: `c${i}`, name: `Card ${i}`, background: '#ffffff', accent: '#000000', pattern: 'plain' });
    const cases: [string, unknown][] = [
      ['invalid_colour', { ...good, theme: { ...good.theme, accent: 'red' } }],
      ['invalid_colour', { ...good, theme: { ...good.theme, text: '#12345' } }],
      ['invalid_colour', { ...good, cards: [{ ...good.cards[0], background: 'rgb(1,2,3)' }] }],
      ['too_many_stickers', { ...good, stickers: Array.from({ length: 13 }, (_, i) => sticker(i)) }],
      ['too_many_cards', { ...good, cards: Array.from({ length: 7 }, (_, i) => card(i)) }],
      ['invalid_glyph', { ...good, stickers: [{ id: 'long', label: 'Long', glyph: 'hello' }] }],
      ['invalid_glyph', { ...good, stickers: [{ id: 'space', label: 'Space', glyph: ' ' }] }],
      ['duplicate_decoration_id', { ...good, stickers: [sticker(1), sticker(1)] }],
      ['invalid_decoration_id', { ...good, cards: [{ ...card(1), id: 'Not An Id' }] }],
      ['cover_image_not_in_store', { ...good, theme: { ...good.theme, coverImageId: await image(other) } }],
    ];
    for (const [code, body] of cases) expectProblem(await call('PUT', decorationUrl(s, productId), s.merchant.headers, body), 422, code);
    // Exactly 12 stickers and 6 cards are fine; a malformed body is a 400.
    const most = { ...good, stickers: Array.from({ length: 12 }, (_, i) => sticker(i)), cards: Array.from({ length: 6 }, (_, i) => card(i)) };
    expectProblem(await call('PUT', decorationUrl(s, productId), s.merchant.headers, { ...good, cards: [{ ...card(1), pattern: 'zigzag' }] }), 400, 'validation_failed');
    expect((await call('GET', decorationUrl(s, productId), s.merchant.headers)).json()).toEqual(saved);
    expect((await call('PUT', decorationUrl(s, productId), s.merchant.headers, most)).statusCode).toBe(200);
  });

  it('decorations and the gifting switch are for the store: buyers get 403, nobody signed out gets in, a store API key may', async () => {
    const s = await openStore(env);
    const { productId } = await listedProduct(env, s);
    const buyer = await signUp(env.app, 'buyer');
    expectProblem(await call('GET', decorationUrl(s, productId), buyer.headers), 403, 'forbidden');
    expectProblem(await call('PUT', decorationUrl(s, productId), buyer.headers, DEFAULT_DECORATION), 403, 'forbidden');
    expectProblem(await call('PUT', `${s.url}/products/${productId}/gifting`, buyer.headers, { enabled: false }), 403, 'forbidden');
    expectProblem(await call('PUT', decorationUrl(s, productId), {}, DEFAULT_DECORATION), 401, 'unauthorized');
    const key = (await call('POST', `${s.url}/api-keys`, s.merchant.headers, { name: 'ERP', scopes: ['gifts.read', 'gifts.manage'] })).json().key as string;
    const viaKey = await call('PUT', `${s.url}/products/${productId}/gifting`, { authorization: `Bearer ${key}` }, { enabled: false });
    expect(viaKey.statusCode, viaKey.body).toBe(200);
    expect(viaKey.json()).toEqual({ enabled: false });
  });
});

describe('the gifting switch', () => {
  it('a merchant switches gifting off: buyers see the product is not giftable (gifting_off); on again, it is', async () => {
    const s = await openStore(env);
    const { productId } = await listedProduct(env, s);
    expect((await buyerOptions(productId)).giftable).toBe(true);
    const off = await call('PUT', `${s.url}/products/${productId}/gifting`, s.merchant.headers, { enabled: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ enabled: false });
    expect((await call('GET', `${s.url}/products/${productId}/gifting`, s.merchant.headers)).json()).toEqual({ enabled: false });
    expect(await buyerOptions(productId)).toMatchObject({ giftable: false, reason: 'gifting_off' });
    // The same again changes nothing (and is not audited twice).
    await call('PUT', `${s.url}/products/${productId}/gifting`, s.merchant.headers, { enabled: false });
    expect((await call('PUT', `${s.url}/products/${productId}/gifting`, s.merchant.headers, { enabled: true })).json()).toEqual({ enabled: true });
    expect(await buyerOptions(productId)).toMatchObject({ giftable: true, reason: null });
    const audit = (await call('GET', `${s.url}/audit?entityType=product`, s.merchant.headers)).json().items
      .filter((a: { action: string }) => a.action.startsWith('product.gifting'));
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['product.gifting_on', 'product.gifting_off']);
  });
});
