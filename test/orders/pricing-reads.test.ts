// Coupon checkouts priced at the same moment read their pricing facts in one statement (pricingReads): each gets
// exactly what its own read gives (its buyer's membership, points and chosen coupons, its SKUs), and a crowd of
// coupon checkouts sends one read per turn of the event loop instead of one each.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { pricingFacts, pricingReads } from '../../src/modules/orders/pricing.ts';
import type { TestEnv } from '../helpers.ts';
import { heldCoupon, member, memberStoreSuite } from './discount-support.ts';
import type { Buyer, Store } from './fixtures.ts';

const suite = memberStoreSuite(100);
let env: TestEnv;
let s: Store;
let tea: { productId: string; skuId: string };
beforeAll(() => { ({ env, s, tea } = suite.m); });

describe('pricing reads of coupon checkouts', () => {
  it('made at once share one statement, and each reads what its own read reads', async () => {
    const buyers: { b: Buyer; held: string }[] = [];
    for (const [i, points] of [100, 2500, 0].entries()) {
      const b = await member(env, s, points);
      const held = await heldCoupon(env, s, b, { title: `Spend 50 get ${i + 1}`, threshold: 5000, amount: 100 * (i + 1) });
      buyers.push({ b, held: held.heldId });
    }
    const db = env.ctx.db;
    const now = env.clock.now();
    const lines = [{ skuId: tea.skuId, quantity: 2 }];
    const read = (d: Db, x: (typeof buyers)[number], chosen: string[]) => pricingFacts(d, x.b.userId, now, 'store', lines, chosen);
    const before = pricingReads(db).statements;
    const together = await Promise.all([...buyers.map((x) => read(db, x, [x.held])), read(db, buyers[0], [])]);
    expect(pricingReads(db).statements - before).toBe(1);
    // Alone (inside a transaction, a read is never shared): the same facts.
    const alone = await db.transaction(async (tx) => {
      const out = [];
      for (const x of buyers) out.push(await read(tx, x, [x.held]));
      out.push(await read(tx, buyers[0], []));
      return out;
    });
    expect(together).toEqual(alone);
    const store = (i: number) => together[i].stores.get(s.storeId)!;
    expect(buyers.map((_, i) => store(i).coupons.map((c) => c.id))).toEqual(buyers.map((x) => [x.held]));
    expect(buyers.map((_, i) => store(i).member?.points.balance)).toEqual([100, 2500, 0]);
    expect(store(3).coupons).toEqual([]);
    expect(together[0].skus.get(tea.skuId)).toMatchObject({ price: 10_000, memberPrice: 9_000 });
  });
});
