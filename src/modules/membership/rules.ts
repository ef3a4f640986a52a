// The rules of a member program, pure (no I/O): levels from growth, what a payment earns, points spent and expired
// oldest-expiry first, what a refund takes back, and what points are worth at checkout. Integers only.
import { exponent } from '../../kernel/money.ts';
import { MAX_MEMBER_LEVELS } from './schema.ts';

export type LevelRule = { level: number; name: string; growthRequired: number; priceBp: number };

/**
 * What is wrong with a program's levels, or null: levels 1..n without gaps (n at most 10), level 1 at growth 0,
 * the growth needed strictly rising, names given, a price between 10 % and 100 % of the list price.
 */
export function levelsProblem(levels: LevelRule[]): string | null {
  if (!levels.length) return 'A program has at least level 1.';
  if (levels.length > MAX_MEMBER_LEVELS) return `A program has at most ${MAX_MEMBER_LEVELS} levels.`;
  const sorted = [...levels].sort((a, b) => a.level - b.level);
  for (let i = 0; i < sorted.length; i++) {
    const l = sorted[i];
    if (l.level !== i + 1) return 'Levels are numbered 1, 2, 3… without gaps or repeats.';
    if (!l.name.trim()) return `Level ${l.level} needs a name.`;
    if (!Number.isSafeInteger(l.growthRequired) || l.growthRequired < 0) return `Level ${l.level}: the growth needed is a whole number from 0.`;
    if (!Number.isInteger(l.priceBp) || l.priceBp < 1000 || l.priceBp > 10000) return `Level ${l.level}: members pay between 10 % and 100 % of the list price.`;
    if (i === 0 && l.growthRequired !== 0) return 'Level 1 is reached at growth 0 (every member has it).';
    if (i > 0 && l.growthRequired <= sorted[i - 1].growthRequired) return `Level ${l.level} needs more growth than level ${l.level - 1}.`;
  }
  return null;
}

/** The highest level whose growth a member has reached (1 when the program has no levels). */
export function levelFor(levels: Pick<LevelRule, 'level' | 'growthRequired'>[], growth: number): number {
  let best = 1;
  for (const l of levels) if (growth >= l.growthRequired && l.level > best) best = l.level;
  return best;
}

/** The next level's number and the growth still missing to reach it, or null at the top. */
export function progressToNext(levels: Pick<LevelRule, 'level' | 'growthRequired'>[], growth: number): { level: number; growthRequired: number; missing: number } | null {
  const current = levelFor(levels, growth);
  const next = levels.filter((l) => l.level > current).sort((a, b) => a.level - b.level)[0];
  return next ? { level: next.level, growthRequired: next.growthRequired, missing: Math.max(0, next.growthRequired - growth) } : null;
}

/** Growth or points earned for an amount paid: `perUnit` for each whole unit of the currency (yuan), nothing for a part. */
export function earnedFor(amountMinor: number, currency: string, perUnit: number): number {
  if (amountMinor <= 0 || perUnit <= 0) return 0;
  const units = Math.floor(amountMinor / 10 ** exponent(currency));
  return units * perUnit;
}

export type Lot = { id: string; remaining: number; expiresAt: Date };

/** Lots still valid at `now`, oldest expiry first (the order points are spent in). */
export function spendableLots<T extends Lot>(lots: T[], now: Date): T[] {
  return lots.filter((l) => l.remaining > 0 && l.expiresAt.getTime() > now.getTime())
    .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.id.localeCompare(b.id));
}

/** Lots whose points have expired at `now` and still hold some. */
export function expiredLots<T extends Lot>(lots: T[], now: Date): T[] {
  return lots.filter((l) => l.remaining > 0 && l.expiresAt.getTime() <= now.getTime());
}

/** How `points` are taken from the lots, oldest expiry first; null when the valid lots hold fewer. */
export function planSpend(lots: Lot[], points: number, now: Date): { lotId: string; take: number }[] | null {
  if (points <= 0) return [];
  const plan: { lotId: string; take: number }[] = [];
  let left = points;
  for (const l of spendableLots(lots, now)) {
    const take = Math.min(left, l.remaining);
    plan.push({ lotId: l.id, take });
    left -= take;
    if (left === 0) return plan;
  }
  return null;
}

/**
 * What a refund takes back of what one order earned (points or growth): the refunded share of it, rounded down,
 * counted on the order's refunds so far (so several partial refunds take back exactly what one would), never more than
 * earned. `before` is what earlier refunds of the order asked for; `available` what is there to take (the order's
 * points not yet spent or expired, or the member's growth). What cannot be taken is `shortfall`.
 */
export function takeBack(input: { earned: number; paid: number; refundedSoFar: number; before: number; available: number }): { wanted: number; taken: number; shortfall: number } {
  const { earned, paid, refundedSoFar, before, available } = input;
  if (earned <= 0 || paid <= 0) return { wanted: 0, taken: 0, shortfall: 0 };
  const share = refundedSoFar >= paid ? BigInt(earned) : (BigInt(earned) * BigInt(Math.max(0, refundedSoFar))) / BigInt(paid);
  const wanted = Math.max(0, Math.min(earned, Number(share)) - before);
  const taken = Math.min(wanted, Math.max(0, available));
  return { wanted, taken, shortfall: wanted - taken };
}

/** What points are worth, in minor units: `pointsPerMinor` points pay one minor unit; a remainder pays nothing. */
export function pointsValue(points: number, pointsPerMinor: number): number {
  if (points <= 0 || pointsPerMinor <= 0) return 0;
  return Math.floor(points / pointsPerMinor);
}

/**
 * The points a buyer may spend on an order of `amount` (minor units): no more than they hold, no more than
 * `maxShareBp` of the amount, and only whole minor units' worth. Returns the points and what they pay.
 */
export function usablePoints(balance: number, amount: number, program: { pointsPerMinor: number; maxPointsShareBp: number }): { points: number; value: number } {
  if (balance <= 0 || amount <= 0 || program.pointsPerMinor <= 0) return { points: 0, value: 0 };
  const cap = Number((BigInt(amount) * BigInt(Math.max(0, Math.min(10000, program.maxPointsShareBp)))) / 10000n);
  const value = Math.min(pointsValue(balance, program.pointsPerMinor), cap);
  return { points: value * program.pointsPerMinor, value };
}
