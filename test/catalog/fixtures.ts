// A merchant with an open store, approved for some categories and with its deposit paid.
import { askVerified, categoryId, operator, signUp, type TestEnv } from '../helpers.ts';

let reg = 0;
export async function openStore(env: TestEnv, codes = ['apparel.women.dresses', 'apparel.women.coats']) {
  const m = await signUp(env.app, 'merchant');
  const op = await operator(env);
  const storeName = `Store ${++reg}`;
  const store = (await env.app.inject({
    method: 'POST', url: '/api/merchant/stores', headers: m.headers,
    payload: { storeName, storeType: 'enterprise', subjectType: 'enterprise', legalEntity: { name: `Entity ${reg}`, registrationNumber: `CAT-${Date.now()}-${reg}` } },
  })).json();
  const ids = await Promise.all(codes.map((c) => categoryId(env, c)));
  await askVerified(env, m, store.id, ids.map((categoryId) => ({ categoryId })), op);
  const detail = (await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}`, headers: m.headers })).json();
  if (detail.deposit.owed > 0) {
    await env.app.inject({ method: 'POST', url: `/api/operator/stores/${store.id}/deposit-ledger`, headers: op.headers, payload: { kind: 'payment', amount: detail.deposit.owed } });
  }
  return { merchant: m, op, storeId: store.id as string, storeName, categoryIds: ids, url: `/api/merchant/stores/${store.id}` };
}

export const tee = (categoryId: number, over: Record<string, unknown> = {}) => ({
  title: 'Áo khoác lông vũ 羽绒服 Down jacket',
  description: 'Warm and light.',
  categoryId,
  attributes: [{ name: 'colour', values: ['red', 'blue'] }],
  skus: [{ attrs: { colour: 'red' }, price: 19900, stock: 5 }, { attrs: { colour: 'blue' }, price: 20900, stock: 3 }],
  ...over,
});
