// Membership use-cases: the merchant's program (rates, levels, sign-up coupon), members and their history, audited
// manual adjustments; the buyer's joining and member card. Each one transaction.
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { Clock } from '../../kernel/clock.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import { users } from '../accounts/schema.ts';
import { coupons } from '../coupons/schema.ts';
import { isLinked } from '../minisite/reads.ts';
import { storeNames } from '../merchants/index.ts';
import { addPoints, expireDuePoints, moveGrowth, mustLockMember, recordMemberEvent, takePoints } from './ledger.ts';
import { earnForOrder } from './earning.ts';
import { MEMBER_JOINED } from './reads.ts';
import { levelsProblem, progressToNext, type LevelRule } from './rules.ts';
import { memberEvents, memberLevels, members, membershipPrograms, pointLots, type MemberSource } from './schema.ts';

export type ProgramInput = {
  enabled: boolean; growthPerUnit: number; pointsPerUnit: number; pointsPerMinor: number; maxPointsShareBp: number; pointsValidDays: number;
  signupCouponId: string | null; levels: LevelRule[];
};

const DEFAULTS = { enabled: false, growthPerUnit: 1, pointsPerUnit: 1, pointsPerMinor: 1, maxPointsShareBp: 5000, pointsValidDays: 365, signupCouponId: null };

async function levelsOf(db: Db, storeId: string): Promise<LevelRule[]> {
  const rows = await db.select().from(memberLevels).where(eq(memberLevels.storeId, storeId)).orderBy(asc(memberLevels.level));
  return rows.map((l) => ({ level: l.level, name: l.name, growthRequired: l.growthRequired, priceBp: l.priceBp }));
}

/** The store's program as the merchant edits it (defaults, switched off, when none was saved), with its member count. */
export async function getProgram(db: Db, storeId: string) {
  const [p] = await db.select().from(membershipPrograms).where(eq(membershipPrograms.storeId, storeId));
  const levels = await levelsOf(db, storeId);
  const [{ n }] = await db.select({ n: count() }).from(members).where(eq(members.storeId, storeId));
  const facts = p ? { enabled: p.enabled, growthPerUnit: p.growthPerUnit, pointsPerUnit: p.pointsPerUnit, pointsPerMinor: p.pointsPerMinor, maxPointsShareBp: p.maxPointsShareBp, pointsValidDays: p.pointsValidDays, signupCouponId: p.signupCouponId } : DEFAULTS;
  return { ...facts, levels: levels.length ? levels : [{ level: 1, name: 'Member', growthRequired: 0, priceBp: 10000 }], members: Number(n), updatedAt: p?.updatedAt.toISOString() ?? null };
}

/** Saves the program and its levels whole; members' levels follow the new thresholds. Audited. */
export async function saveProgram(ctx: Ctx, actor: Actor, storeId: string, input: ProgramInput) {
  const problem = levelsProblem(input.levels);
  if (problem) throw new Invalid('member_levels_invalid', problem);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    if (input.signupCouponId) {
      const [c] = await tx.select({ audience: coupons.audience }).from(coupons).where(and(eq(coupons.id, input.signupCouponId), eq(coupons.storeId, storeId)));
      if (!c) throw new Invalid('signup_coupon_not_found', 'The sign-up coupon is not one of this store\'s coupons.');
    }
    const before = await getProgram(tx, storeId);
    const values = {
      enabled: input.enabled, growthPerUnit: input.growthPerUnit, pointsPerUnit: input.pointsPerUnit, pointsPerMinor: input.pointsPerMinor,
      maxPointsShareBp: input.maxPointsShareBp, pointsValidDays: input.pointsValidDays, signupCouponId: input.signupCouponId, updatedAt: now,
    };
    await tx.insert(membershipPrograms).values({ storeId, ...values, createdAt: now }).onConflictDoUpdate({ target: membershipPrograms.storeId, set: values });
    await tx.delete(memberLevels).where(eq(memberLevels.storeId, storeId));
    await tx.insert(memberLevels).values(input.levels.map((l) => ({ storeId, level: l.level, name: l.name.trim(), growthRequired: l.growthRequired, priceBp: l.priceBp })));
    // Every member's level from the new thresholds (the highest reached; level 1 needs 0, so there is always one).
    await tx.execute(sql`update members m set level = x.level, updated_at = ${now}
      from (select m2.buyer_id, (select max(level) from member_levels l where l.store_id = ${storeId} and l.growth_required <= m2.growth) as level
            from members m2 where m2.store_id = ${storeId}) x
      where m.store_id = ${storeId} and m.buyer_id = x.buyer_id and m.level <> x.level`);
    const after = await getProgram(tx, storeId);
    const { members: _b, updatedAt: _bu, ...was } = before;
    const { members: _a, updatedAt: _au, ...is } = after;
    await recordAudit(tx, actor, { action: 'membership.program_saved', entityType: 'membership_program', entityId: storeId, storeId, before: was, after: is }, now);
    return after;
  });
}

function memberView(m: typeof members.$inferSelect, name: string, levels: LevelRule[]) {
  return {
    buyerId: m.buyerId, name, level: m.level, levelName: levels.find((l) => l.level === m.level)?.name ?? String(m.level),
    growth: m.growth, points: m.points, source: m.source, miniSiteId: m.miniSiteId, joinedAt: m.joinedAt.toISOString(),
  };
}

export type MemberQuery = { q?: string; level?: number; limit: number; offset: number };

/** The store's members, newest first; `q` finds a name or an e-mail, `level` one level. */
export async function listMembers(db: Db, storeId: string, query: MemberQuery) {
  const where: SQL[] = [eq(members.storeId, storeId)];
  if (query.level) where.push(eq(members.level, query.level));
  if (query.q?.trim()) {
    const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.displayName, like), ilike(users.email, like))!);
  }
  const cond = and(...where);
  const [{ n }] = await db.select({ n: count() }).from(members).innerJoin(users, eq(users.id, members.buyerId)).where(cond);
  const rows = await db.select({ m: members, name: users.displayName }).from(members).innerJoin(users, eq(users.id, members.buyerId))
    .where(cond).orderBy(desc(members.joinedAt), asc(members.buyerId)).limit(query.limit).offset(query.offset);
  const levels = await levelsOf(db, storeId);
  return { total: Number(n), items: rows.map((r) => memberView(r.m, r.name, levels)) };
}

function eventView(e: typeof memberEvents.$inferSelect) {
  return { id: e.id, kind: e.kind, points: e.points, growth: e.growth, level: e.level, orderId: e.orderId, reason: e.reason, shortfall: e.shortfall, at: e.createdAt.toISOString() };
}

async function history(db: Db, storeId: string, buyerId: string, limit: number) {
  const rows = await db.select().from(memberEvents).where(and(eq(memberEvents.storeId, storeId), eq(memberEvents.buyerId, buyerId)))
    .orderBy(desc(memberEvents.id)).limit(limit);
  return rows.map(eventView);
}

async function validLots(db: Db, clock: Clock, storeId: string, buyerId: string) {
  const rows = await db.select().from(pointLots)
    .where(and(eq(pointLots.storeId, storeId), eq(pointLots.buyerId, buyerId), sql`${pointLots.live}`, sql`${pointLots.expiresAt} > ${clock.now()}`))
    .orderBy(asc(pointLots.expiresAt));
  return rows.map((l) => ({ id: l.id, earned: l.earned, remaining: l.remaining, expiresAt: l.expiresAt.toISOString(), orderId: l.orderId }));
}

/** One member of the store with their history (newest first) and valid point lots (nearest expiry first). */
export async function memberDetail(db: Db, clock: Clock, storeId: string, buyerId: string) {
  const [row] = await db.select({ m: members, name: users.displayName }).from(members).innerJoin(users, eq(users.id, members.buyerId))
    .where(and(eq(members.storeId, storeId), eq(members.buyerId, buyerId)));
  if (!row) throw new NotFound('member');
  const levels = await levelsOf(db, storeId);
  return { ...memberView(row.m, row.name, levels), events: await history(db, storeId, buyerId, 200), lots: await validLots(db, clock, storeId, buyerId) };
}

export type Adjustment = { points: number; growth: number; reason: string };

/**
 * The merchant adds or takes points or growth by hand, with a reason: added points are a new lot (valid the program's
 * days), taken points leave the oldest lots first; never below zero (409). Audited, and an 'adjusted' event.
 */
export async function adjustMember(ctx: Ctx, actor: Actor, storeId: string, buyerId: string, input: Adjustment) {
  if (!input.points && !input.growth) throw new Invalid('member_adjustment_empty', 'Give points or growth to add or take.');
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    let m = await mustLockMember(tx, storeId, buyerId);
    const before = { points: m.points, growth: m.growth, level: m.level };
    const [program] = await tx.select({ days: membershipPrograms.pointsValidDays }).from(membershipPrograms).where(eq(membershipPrograms.storeId, storeId));
    m = await expireDuePoints(tx, now, m);
    if (input.points > 0) m = await addPoints(tx, now, m, input.points, program?.days ?? DEFAULTS.pointsValidDays, null);
    if (input.points < 0) m = await takePoints(tx, now, m, -input.points);
    m = await moveGrowth(tx, now, m, input.growth);
    const actorId = actor.kind === 'user' ? actor.userId : null;
    await recordMemberEvent(tx, now, m, { kind: 'adjusted', points: input.points, growth: input.growth, actorId, reason: input.reason });
    await recordAudit(tx, actor, {
      action: 'membership.adjusted', entityType: 'member', entityId: buyerId, storeId, summary: input.reason,
      before, after: { points: m.points, growth: m.growth, level: m.level, change: { points: input.points, growth: input.growth } },
    }, now);
  });
  return memberDetail(ctx.db, ctx.clock, storeId, buyerId);
}

export type JoinInput = { source: Exclude<MemberSource, 'console'>; miniSiteId?: string; orderId?: string };

/**
 * The buyer joins the store's program (409 membership_disabled when it is off). Joining again changes nothing. The
 * outbox gets MEMBER_JOINED (the coupons module gives the sign-up coupon from it). Joining after a purchase counts that
 * paid order.
 */
export async function joinProgram(ctx: Ctx, buyerId: string, storeId: string, input: JoinInput) {
  const [p] = await ctx.db.select().from(membershipPrograms).where(eq(membershipPrograms.storeId, storeId));
  if (!p?.enabled) throw new Conflict('membership_disabled', 'This store has no member program open to join.');
  if (input.source === 'mini_site') {
    if (!input.miniSiteId || !(await isLinked(ctx.db, input.miniSiteId, storeId))) throw new Invalid('member_mini_site_not_linked', 'Join from a mini-site linked with this store.');
  }
  const joined = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [row] = await tx.insert(members).values({
      storeId, buyerId, level: 1, growth: 0, points: 0, source: input.source, miniSiteId: input.source === 'mini_site' ? input.miniSiteId! : null, joinedAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    if (!row) return false;
    await recordMemberEvent(tx, now, row, { kind: 'joined', reason: input.source });
    await enqueue(tx, now, [{ storeId, topic: MEMBER_JOINED, payload: { storeId, buyerId, source: input.source } }]);
    if (input.source === 'after_purchase' && input.orderId) await earnForOrder(ctx, tx, input.orderId, { storeId, buyerId });
    return true;
  });
  return { joined, card: await memberCard(ctx.db, ctx.clock, buyerId, storeId) };
}

/** What anyone may read of a store's program: whether it is open, its levels and what a member earns. */
export async function publicProgram(db: Db, storeId: string) {
  const [p] = await db.select().from(membershipPrograms).where(eq(membershipPrograms.storeId, storeId));
  const levels = await levelsOf(db, storeId);
  return {
    storeId, enabled: !!p?.enabled, growthPerUnit: p?.growthPerUnit ?? 0, pointsPerUnit: p?.pointsPerUnit ?? 0, pointsPerMinor: p?.pointsPerMinor ?? 1,
    maxPointsShareBp: p?.maxPointsShareBp ?? 0, pointsValidDays: p?.pointsValidDays ?? 0, hasSignupGift: !!p?.signupCouponId,
    levels: levels.map((l) => ({ level: l.level, name: l.name, growthRequired: l.growthRequired, priceBp: l.priceBp })),
  };
}

/** The buyer's card in one store: level, progress to the next, points and their nearest expiry, history. */
export async function memberCard(db: Db, clock: Clock, buyerId: string, storeId: string) {
  const [m] = await db.select().from(members).where(and(eq(members.storeId, storeId), eq(members.buyerId, buyerId)));
  if (!m) throw new NotFound('member');
  const program = await publicProgram(db, storeId);
  const lots = await validLots(db, clock, storeId, buyerId);
  const points = lots.reduce((s, l) => s + l.remaining, 0);
  const nearest = lots[0] ? { expiresAt: lots[0].expiresAt, points: lots.filter((l) => l.expiresAt === lots[0].expiresAt).reduce((s, l) => s + l.remaining, 0) } : null;
  return {
    storeId, storeName: (await storeNames(db, [storeId])).get(storeId) ?? '', level: m.level, levelName: program.levels.find((l) => l.level === m.level)?.name ?? String(m.level),
    growth: m.growth, points, nextLevel: progressToNext(program.levels, m.growth), nearestExpiry: nearest,
    joinedAt: m.joinedAt.toISOString(), program, events: await history(db, storeId, buyerId, 100),
  };
}

/** The stores the buyer is a member of. */
export async function myMemberships(db: Db, buyerId: string) {
  const rows = await db.select().from(members).where(eq(members.buyerId, buyerId)).orderBy(desc(members.joinedAt));
  const names = await storeNames(db, rows.map((m) => m.storeId));
  return rows.map((m) => ({ storeId: m.storeId, storeName: names.get(m.storeId) ?? '', level: m.level, points: m.points, growth: m.growth, joinedAt: m.joinedAt.toISOString() }));
}

