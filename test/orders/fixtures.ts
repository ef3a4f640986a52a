// What order tests share: open stores with listed products, buyers with an address, paying through the sandbox.
import { expect } from 'vitest';
import { account, signUp, type TestEnv } from '../helpers.ts';
import { openStore, tee } from '../catalog/fixtures.ts';

export type Store = Awaited<ReturnType<typeof openStore>>;
export type Buyer = Awaited<ReturnType<typeof signUp>>;

export { openStore };

/** A listed product of the store with one SKU per entry of skus. */
export async function listedProduct(env: TestEnv, s: Store, skus: { price: number; stock: number }[] = [{ price: 10000, stock: 10 }], title = 'Down jacket 羽绒服') {
  const body = skus.length === 1
    ? tee(s.categoryIds[0], { title, attributes: [], skus: [{ attrs: {}, ...skus[0] }] })
    : tee(s.categoryIds[0], { title, attributes: [{ name: 'size', values: skus.map((_, i) => `S${i}`) }], skus: skus.map((k, i) => ({ attrs: { size: `S${i}` }, ...k })) });
  const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: body })).json();
  await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
  const passed = await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/pass`, headers: s.op.headers });
  expect(passed.statusCode, passed.body).toBe(200);
  const live = (await env.app.inject({ method: 'GET', url: `${s.url}/products/${p.id}`, headers: s.merchant.headers })).json();
  return { productId: p.id as string, skuIds: (live.skus as { id: string; attrs: Record<string, string> }[]).sort((a, b) => JSON.stringify(a.attrs).localeCompare(JSON.stringify(b.attrs))).map((k) => k.id) };
}

export const address = { name: 'Lin Wei', phone: '+86 138 0000 0000', region: 'Shanghai, Xuhui', line: '88 Caoxi Road, flat 1201', postalCode: '200030' };

/** A signed-in buyer (registration and sign-in themselves are tested in test/api/accounts.test.ts). */
export async function buyer(env: TestEnv) {
  return account(env, 'buyer');
}

type Headers = Record<string, string>;
export const call = (env: TestEnv, method: string, url: string, headers: Headers, payload?: unknown, extra: Headers = {}) =>
  env.app.inject({ method: method as 'GET', url, headers: { ...headers, ...extra }, ...(payload === undefined ? {} : { payload: payload as object }) });

/** Checks out the given lines to a fresh address; expects success. */
export async function checkoutOk(env: TestEnv, b: Buyer, lines: { skuId: string; quantity: number }[], key?: string) {
  const res = await call(env, 'POST', '/api/checkout', b.headers, { lines, address }, key ? { 'idempotency-key': key } : {});
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { paymentId: string; amount: number; currency: string; orders: { id: string; storeId: string; total: number; state: string; items: { id: string }[] }[] };
}

/** Pays a payment through the sandbox cashier, as a buyer would: prepay, then "pay" on the cashier page. */
export async function pay(env: TestEnv, who: { headers: Headers }, paymentId: string) {
  const pre = await call(env, 'POST', `/api/payments/${paymentId}/prepay`, who.headers, { method: 'native' });
  expect(pre.statusCode, pre.body).toBe(200);
  const prepayId = (pre.json().cashierUrl as string).split('/').pop()!;
  const paid = await call(env, 'POST', `/api/sandbox/cashier/${prepayId}/pay`, {});
  expect(paid.statusCode, paid.body).toBe(200);
  return { prepayId, outTradeNo: pre.json().outTradeNo as string, notifyStatus: paid.json().notifyStatus as number };
}
