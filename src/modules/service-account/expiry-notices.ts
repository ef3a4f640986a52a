// Coupon-expiring and points-expiring notices: the scheduler finds the unused held coupons that expire within
// TRIO_COUPON_EXPIRING_NOTICE_HOURS and the lots of points that expire within TRIO_POINTS_EXPIRING_NOTICE_DAYS, claims
// each once (an expiry_notices row: the key makes two sweeps write one, with no lock on the coupons or lots a checkout
// uses) and writes its notice in the same transaction, to followers who did not mute the kind.
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { writeKindNotice } from './notices.ts';
import { dateText } from './rules.ts';

type Due = { refId: string; storeId: string; buyerId: string; until: Date | string; title: string | null; points: number | string | null };

/** Scheduler: up to `limit` coupon notices and `limit` points notices per run. */
export function sweepExpiryNotices(ctx: Ctx, limit: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const couponsBy = new Date(now.getTime() + ctx.config.couponExpiringNoticeHours * 3_600_000);
    const pointsBy = new Date(now.getTime() + ctx.config.pointsExpiringNoticeDays * 86_400_000);
    const claim = (kind: 'coupon' | 'points', due: ReturnType<typeof sql>) => queryRows<Due>(tx, sql`
      with due as (${due}),
      claimed as (insert into expiry_notices (kind, ref_id, store_id, buyer_id, created_at)
        select ${kind}, ref_id, store_id, buyer_id, ${now} from due on conflict do nothing returning ref_id)
      select d.ref_id as "refId", d.store_id as "storeId", d.buyer_id as "buyerId", d.until, d.title, d.points from due d join claimed c on c.ref_id = d.ref_id`);
    const coupons = await claim('coupon', sql`
      select h.id as ref_id, h.store_id, h.buyer_id, h.valid_until as until, c.title, null::bigint as points
      from held_coupons h join coupons c on c.id = h.coupon_id
      where h.state = 'unused' and h.valid_until > ${now} and h.valid_until <= ${couponsBy}
        and not exists (select 1 from expiry_notices e where e.kind = 'coupon' and e.ref_id = h.id)
      order by h.valid_until limit ${limit}`);
    const lots = await claim('points', sql`
      select l.id as ref_id, l.store_id, l.buyer_id, l.expires_at as until, null::text as title, l.remaining as points
      from point_lots l
      where l.live and l.expires_at > ${now} and l.expires_at <= ${pointsBy}
        and not exists (select 1 from expiry_notices e where e.kind = 'points' and e.ref_id = l.id)
      order by l.expires_at limit ${limit}`);
    for (const d of coupons) {
      await writeKindNotice(tx, {
        storeId: d.storeId, buyerId: d.buyerId, kind: 'coupon_expiring',
        fields: (store, tz) => ({ store, coupon: d.title, until: dateText(new Date(d.until), tz ?? ctx.config.timeZone) }),
        links: { heldCouponId: d.refId }, onceKey: `coupon_expiring:${d.refId}`, at: now,
      });
    }
    for (const d of lots) {
      await writeKindNotice(tx, {
        storeId: d.storeId, buyerId: d.buyerId, kind: 'points_expiring',
        fields: (store, tz) => ({ store, points: Number(d.points), until: dateText(new Date(d.until), tz ?? ctx.config.timeZone) }),
        links: {}, onceKey: `points_expiring:${d.refId}`, at: now,
      });
    }
    return coupons.length + lots.length;
  });
}
