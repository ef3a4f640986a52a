// What coupon tests share: an offer's body, creating one, making a buyer a member, claiming.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../src/kernel/context.ts';

type Who = { headers: Record<string, string> };

/** An offer open from `now` for a week, usable 7 days after claiming. */
export function offer(now: Date, over: Record<string, unknown> = {}) {
  return {
    title: 'Spend 100 get 10 off', scope: 'store', kind: 'spend_off', threshold: 10000, amount: 1000, audience: 'all', totalQuantity: 10,
    claimStartsAt: now.toISOString(), claimEndsAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(), useWindow: 'days', useDays: 7, ...over,
  };
}

export async function createCoupon(app: FastifyInstance, storeUrl: string, merchant: Who, body: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: `${storeUrl}/coupons`, headers: merchant.headers, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; state: string; claimed: number; totalQuantity: number };
}

export const claim = (app: FastifyInstance, who: Who, couponId: string, key?: string) =>
  app.inject({ method: 'POST', url: `/api/coupons/${couponId}/claim`, headers: { ...who.headers, ...(key ? { 'idempotency-key': key } : {}) } });

/** Turns the store's member program on (levels 1..3) and makes the buyer a member at a level (the membership module's tables). */
export async function makeMember(ctx: Ctx, storeId: string, buyerId: string, level: number, signupCouponId: string | null = null) {
  const now = ctx.clock.now();
  await ctx.db.execute(sql`insert into membership_programs (store_id, enabled, signup_coupon_id, created_at, updated_at) values (${storeId}, true, ${signupCouponId}, ${now}, ${now})
    on conflict (store_id) do update set enabled = true, signup_coupon_id = coalesce(excluded.signup_coupon_id, membership_programs.signup_coupon_id)`);
  await ctx.db.execute(sql`insert into members (store_id, buyer_id, level, source, joined_at, updated_at) values (${storeId}, ${buyerId}, ${level}, 'store', ${now}, ${now})
    on conflict (store_id, buyer_id) do update set level = excluded.level`);
}
