// Lottery gifts: buyers join until the deadline, then the winners are drawn once, from 32 random bytes kept with
// the draw, so anyone can recompute the result with drawWinners. Winners get a unit each to claim.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Forbidden } from '../../kernel/errors.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { DRAW_ALGORITHM, drawWinners, sortParticipants } from './rules.ts';
import { giftClaims, giftEntries, gifts, type LotteryDraw } from './schema.ts';

type GiftRow = typeof gifts.$inferSelect;

/** The buyer joins the lottery (joining twice is joining once). */
export async function joinLottery(tx: Db, now: Date, buyer: { userId: string; displayName: string }, g: GiftRow) {
  if (g.kind !== 'lottery') throw new Conflict('not_a_lottery', 'This gift is not a lottery: nobody joins it.');
  if (g.giverId === buyer.userId) throw new Forbidden('You sent this gift: you cannot take part in its lottery.', 'own_gift');
  if (g.state !== 'waiting') throw new Conflict('gift_not_waiting', `This gift is ${g.state}.`, { state: g.state });
  if (!g.joinDeadline || g.joinDeadline.getTime() <= now.getTime() || g.draw) throw new Conflict('lottery_closed', 'The lottery is closed: its winners are (being) drawn.');
  await tx.insert(giftEntries).values({ giftId: g.id, storeId: g.storeId, buyerId: buyer.userId, buyerName: buyer.displayName, joinedAt: now }).onConflictDoNothing();
}

/**
 * Draws the winners of a lottery whose entries closed, once: the gift row is locked (`wait`: behind another
 * drawer; else skipped when someone else holds it). Returns whether this call drew.
 */
export async function drawLottery(ctx: Ctx, giftId: string, opts: { wait: boolean }): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [g] = await tx.select().from(gifts)
      .where(and(eq(gifts.id, giftId), eq(gifts.kind, 'lottery'), eq(gifts.state, 'waiting'), isNull(gifts.draw), sql`${gifts.joinDeadline} <= ${now}`))
      .for('update', opts.wait ? {} : { skipLocked: true });
    if (!g) return false;
    const entries = await tx.select().from(giftEntries).where(eq(giftEntries.giftId, g.id)).orderBy(asc(giftEntries.buyerId));
    const participants = sortParticipants(entries.map((e) => e.buyerId));
    const seed = randomBytes(32).toString('hex');
    const winners = drawWinners(seed, participants, g.units);
    const draw: LotteryDraw = { seed, algorithm: DRAW_ALGORITHM, participants, winners, drawnAt: now.toISOString() };
    await tx.update(gifts).set({ draw, updatedAt: now }).where(eq(gifts.id, g.id));
    const names = new Map(entries.map((e) => [e.buyerId, e.buyerName]));
    if (winners.length) {
      await tx.insert(giftClaims).values(winners.map((w) => ({ giftId: g.id, storeId: g.storeId, claimantId: w, claimantName: names.get(w) ?? '', state: 'won' as const, createdAt: now })));
    }
    await enqueue(tx, now, [
      { storeId: g.storeId, topic: 'message.gift_lottery_drawn', payload: { userId: g.giverId, giftId: g.id, winners: winners.length, participants: participants.length } },
      ...winners.map((w) => ({ storeId: g.storeId, topic: 'message.gift_won', payload: { userId: w, giftId: g.id } })),
    ]);
    return true;
  });
}

/** Lotteries whose entries closed and that are not drawn yet. */
export async function sweepLotteryDraws(ctx: Ctx, limit: number) {
  const due = await queryRows<{ id: string }>(ctx.db, sql`
    select id from gifts where kind = 'lottery' and draw is null and state = 'waiting' and join_deadline <= ${ctx.clock.now()} order by join_deadline limit ${limit}`);
  let drawn = 0;
  for (const d of due) if (await drawLottery(ctx, d.id, { wait: false })) drawn++;
  return drawn;
}

/** The first look after the deadline draws, if no sweep did yet. */
export async function drawIfDue(ctx: Ctx, g: GiftRow): Promise<boolean> {
  if (g.kind !== 'lottery' || g.draw || g.state !== 'waiting' || !g.joinDeadline || g.joinDeadline.getTime() > ctx.clock.now().getTime()) return false;
  return drawLottery(ctx, g.id, { wait: true });
}
