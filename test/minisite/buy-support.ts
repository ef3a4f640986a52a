// What the buying-through-a-mini-site tests share: a store with a listed product, a mini-site linked to it, a buyer,
// and a mini-site server's signed call.
import { account, type TestEnv } from '../helpers.ts';
import { sign } from '../../src/modules/minisite/signature.ts';
import { testMiniSite, type TestMiniSite } from '../fixtures/minisite.ts';
import { address, buyer, call, listedProduct, openStore } from '../orders/fixtures.ts';

export async function linkedShop(env: TestEnv, opts: { link?: boolean; stock?: number } = {}) {
  const s = await openStore(env);
  const p = await listedProduct(env, s, [{ price: 12_900, stock: opts.stock ?? 10 }], 'Engraved mug');
  const owner = await account(env, 'merchant');
  const site = await testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: opts.link === false ? undefined : s.storeId, name: 'Brand Café', now: env.clock.now() });
  return { s, p, site, skuId: p.skuIds[0] };
}

export { address, buyer, call };

/** A mini-site server's request, signed with its secret. */
export function signedCall(env: TestEnv, site: TestMiniSite, method: 'GET' | 'POST', url: string, body: Buffer = Buffer.alloc(0), contentType?: string) {
  const timestamp = String(Math.floor(env.clock.now().getTime() / 1000));
  const nonce = `n-${Math.random().toString(36).slice(2)}`;
  const signature = sign(site.key, { method, path: url, timestamp, nonce, body });
  return env.app.inject({
    method, url, payload: body.length ? body : undefined,
    headers: { 'trio-app-id': site.appId, 'trio-timestamp': timestamp, 'trio-nonce': nonce, 'trio-signature': signature, ...(contentType ? { 'content-type': contentType } : {}) },
  });
}
