// A member's points and growth as rows: lots added, spent oldest-expiry first, expired; growth moved and the level
// following it. Every function runs in the caller's transaction and locks the member row first (then its lots), so
// racing spends wait for each other and the balance never goes below zero (guarded updates besides).
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { levelFor, planSpend } from './rules.ts';
import { memberEvents, memberLevels, members, pointLots, type MemberEventKind } from './schema.ts';

export type MemberRow = typeof members.$inferSelect;
type EventFacts = { kind: MemberEventKind; points?: number; growth?: number; orderId?: string | null; giftId?: string | null; actorId?: string | null; reason?: string | null; shortfall?: number; onceKey?: string | null };

const memberIs = (storeId: string, buyerId: string) => and(eq(members.storeId, storeId), eq(members.buyerId, buyerId));

/** The member, locked for this transaction; null when the buyer is not a member. */
export async function lockMember(tx: Db, storeId: string, buyerId: string): Promise<MemberRow | null> {
  const [m] = await tx.select().from(members).where(memberIs(storeId, buyerId)).for('update');
  return m ?? null;
}

export async function mustLockMember(tx: Db, storeId: string, buyerId: string): Promise<MemberRow> {
  const m = await lockMember(tx, storeId, buyerId);
  if (!m) throw new NotFound('member');
  return m;
}

/**
 * Writes one event of the member's history. With a once key, a second event of that kind and key is not written:
 * returns false then (the change it describes was already made).
 */
export async function recordMemberEvent(tx: Db, now: Date, m: Pick<MemberRow, 'storeId' | 'buyerId' | 'level'>, e: EventFacts): Promise<boolean> {
  const rows = await tx.insert(memberEvents).values({
    storeId: m.storeId, buyerId: m.buyerId, kind: e.kind, points: e.points ?? 0, growth: e.growth ?? 0, level: m.level, orderId: e.orderId ?? null, giftId: e.giftId ?? null,
    actorId: e.actorId ?? null, reason: e.reason ?? null, shortfall: e.shortfall ?? 0, onceKey: e.onceKey ?? null, createdAt: now,
  }).onConflictDoNothing().returning({ id: memberEvents.id });
  return rows.length > 0;
}

/** Adds a lot of points valid `validDays` from now (the member row is locked by the caller). */
export async function addPoints(tx: Db, now: Date, m: MemberRow, points: number, validDays: number, orderId: string | null): Promise<MemberRow> {
  if (points <= 0) return m;
  await tx.insert(pointLots).values({ storeId: m.storeId, buyerId: m.buyerId, earned: points, remaining: points, expiresAt: new Date(now.getTime() + validDays * 86_400_000), orderId, createdAt: now });
  const [row] = await tx.update(members).set({ points: sql`${members.points} + ${points}`, updatedAt: now }).where(memberIs(m.storeId, m.buyerId)).returning();
  return row;
}

/** Points of lots expired by now leave the balance, one 'expired' event per lot (the member row is locked by the caller). */
export async function expireDuePoints(tx: Db, now: Date, m: MemberRow): Promise<MemberRow> {
  const gone = await queryRows<{ id: string; expired: number | string; orderId: string | null }>(tx, sql`
    update point_lots l set remaining = 0
    from (select id, remaining from point_lots
          where store_id = ${m.storeId} and buyer_id = ${m.buyerId} and live and expires_at <= ${now} for update) o
    where l.id = o.id
    returning l.id, o.remaining as expired, l.order_id as "orderId"`);
  if (!gone.length) return m;
  const total = gone.reduce((s, g) => s + Number(g.expired), 0);
  const [row] = await tx.update(members).set({ points: sql`${members.points} - ${total}`, updatedAt: now })
    .where(and(memberIs(m.storeId, m.buyerId), sql`${members.points} >= ${total}`)).returning();
  if (!row) throw new Error(`member ${m.storeId}/${m.buyerId} holds fewer points than its lots`);
  for (const g of gone) await recordMemberEvent(tx, now, row, { kind: 'expired', points: -Number(g.expired), orderId: g.orderId });
  return row;
}

/**
 * Takes `points` from the member's valid lots, oldest expiry first: 409 member_points_insufficient when they hold
 * fewer (nothing is taken then). The member row is locked by the caller. Returns the member after.
 */
export async function takePoints(tx: Db, now: Date, m: MemberRow, points: number): Promise<MemberRow> {
  if (points <= 0) return m;
  const lots = await tx.select({ id: pointLots.id, remaining: pointLots.remaining, expiresAt: pointLots.expiresAt }).from(pointLots)
    .where(and(eq(pointLots.storeId, m.storeId), eq(pointLots.buyerId, m.buyerId), sql`${pointLots.live}`, gt(pointLots.expiresAt, now)))
    .orderBy(asc(pointLots.expiresAt), asc(pointLots.id)).for('update');
  const plan = planSpend(lots, points, now);
  // The balance is guarded too: it is the sum of the lots' remaining points, never below zero.
  const [after] = plan ? await tx.update(members).set({ points: sql`${members.points} - ${points}`, updatedAt: now })
    .where(and(memberIs(m.storeId, m.buyerId), sql`${members.points} >= ${points}`)).returning() : [];
  if (!plan || !after) {
    const held = lots.reduce((s, l) => s + l.remaining, 0);
    throw new Conflict('member_points_insufficient', `The member holds ${held} valid points, fewer than ${points}.`, { points: held });
  }
  for (const p of plan) {
    const [ok] = await tx.update(pointLots).set({ remaining: sql`${pointLots.remaining} - ${p.take}` })
      .where(and(eq(pointLots.id, p.lotId), sql`${pointLots.remaining} >= ${p.take}`)).returning({ id: pointLots.id });
    if (!ok) throw new Error(`point lot ${p.lotId} changed under a lock`);
  }
  return after;
}

/**
 * Moves growth by `delta` (never below zero: 409 member_growth_insufficient) and the level with it; a new level is a
 * 'level_changed' event. The member row is locked by the caller.
 */
export async function moveGrowth(tx: Db, now: Date, m: MemberRow, delta: number): Promise<MemberRow> {
  if (delta === 0) return m;
  const [moved] = await tx.update(members).set({ growth: sql`${members.growth} + ${delta}`, updatedAt: now })
    .where(and(memberIs(m.storeId, m.buyerId), sql`${members.growth} + ${delta} >= 0`)).returning();
  if (!moved) throw new Conflict('member_growth_insufficient', `The member has ${m.growth} growth: taking ${-delta} would go below zero.`, { growth: m.growth });
  const levels = await tx.select({ level: memberLevels.level, growthRequired: memberLevels.growthRequired }).from(memberLevels).where(eq(memberLevels.storeId, m.storeId));
  const level = levelFor(levels, moved.growth);
  if (level === moved.level) return moved;
  const [row] = await tx.update(members).set({ level }).where(memberIs(m.storeId, m.buyerId)).returning();
  await recordMemberEvent(tx, now, row, { kind: 'level_changed', reason: `${moved.level} -> ${level}` });
  return row;
}

/**
 * Points a checkout or a gift spent come back to the member (its order cancelled or refunded in part or whole, its
 * gift cancelled or its units refunded): a 'returned' event, and the points go back into the lots they were taken
 * from (point_spends), the latest-expiring first, keeping those lots' expiry. Points whose lot expired meanwhile
 * are gone as they would have been unspent: an 'expired' event says so. Points spent before lots were recorded come
 * back as a new lot valid the program's days. Once per `onceKey`; nothing when the buyer is no longer a member. In
 * the caller's transaction.
 */
export async function givePointsBack(
  tx: Db, now: Date, p: { storeId: string; buyerId: string; points: number; orderId?: string; giftId?: string; onceKey: string },
) {
  if (p.points <= 0) return;
  const m = await lockMember(tx, p.storeId, p.buyerId);
  if (!m) return;
  if (!(await recordMemberEvent(tx, now, m, { kind: 'returned', points: p.points, orderId: p.orderId ?? null, giftId: p.giftId ?? null, onceKey: p.onceKey }))) return;
  const spentBy = p.giftId ? sql`ps.gift_id = ${p.giftId}` : sql`ps.order_id = ${p.orderId ?? null}`;
  const [r] = await queryRows<{ recorded: number | string; back: number | string }>(tx, sql`
    with src as (
      select ps.id, ps.lot_id, ps.points - ps.returned as open, l.expires_at
      from point_spends ps join point_lots l on l.id = ps.lot_id
      where ${spentBy} and ps.store_id = ${p.storeId} and ps.points > ps.returned and l.expires_at > ${now}),
    plan as (
      select id, lot_id, least(open, ${p.points} - (sum(open) over w - open)) as back from src
      window w as (order by expires_at desc, id)),
    spends as (
      update point_spends s set returned = s.returned + plan.back from plan where s.id = plan.id and plan.back > 0 returning plan.lot_id, plan.back),
    lots as (
      update point_lots l set remaining = l.remaining + spends.back from spends where l.id = spends.lot_id returning spends.back)
    select (select count(*) from point_spends ps where ${spentBy}) as recorded, (select coalesce(sum(back), 0) from lots) as back`);
  if (Number(r.recorded) === 0) {
    const [program] = await queryRows<{ days: number }>(tx, sql`select points_valid_days as days from membership_programs where store_id = ${p.storeId}`);
    await addPoints(tx, now, m, p.points, program?.days ?? 365, null);
    return;
  }
  const back = Number(r.back);
  const [row] = back > 0 ? await tx.update(members).set({ points: sql`${members.points} + ${back}`, updatedAt: now }).where(memberIs(m.storeId, m.buyerId)).returning() : [m];
  if (back < p.points) await recordMemberEvent(tx, now, row, { kind: 'expired', points: -(p.points - back), orderId: p.orderId ?? null, giftId: p.giftId ?? null, reason: 'expired before they came back' });
}
