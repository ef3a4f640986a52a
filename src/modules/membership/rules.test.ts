import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { earnedFor, expiredLots, levelFor, levelsProblem, planSpend, pointsValue, progressToNext, takeBack, usablePoints, type LevelRule } from './rules.ts';

const levels: LevelRule[] = [
  { level: 1, name: 'Member', growthRequired: 0, priceBp: 10000 },
  { level: 2, name: 'Silver', growthRequired: 100, priceBp: 9500 },
  { level: 3, name: 'Gold', growthRequired: 500, priceBp: 9000 },
];

/** Valid levels: 1..n, level 1 at 0, growth strictly rising. */
const levelsArb = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 0, maxLength: 9 }).map((steps) => {
  let g = 0;
  return [{ level: 1, name: 'L1', growthRequired: 0, priceBp: 10000 }, ...steps.map((s, i) => ({ level: i + 2, name: `L${i + 2}`, growthRequired: (g += s), priceBp: 9000 }))];
});

describe('levels', () => {
  it('reaches a level at its growth and falls back below it', () => {
    expect(levelFor(levels, 0)).toBe(1);
    expect(levelFor(levels, 99)).toBe(1);
    expect(levelFor(levels, 100)).toBe(2);
    expect(levelFor(levels, 499)).toBe(2);
    expect(levelFor(levels, 500)).toBe(3);
    expect(levelFor(levels, 10_000)).toBe(3);
    expect(progressToNext(levels, 120)).toEqual({ level: 3, growthRequired: 500, missing: 380 });
    expect(progressToNext(levels, 600)).toBeNull();
  });

  it('refuses levels with gaps, level 1 above 0, growth not rising, more than 10', () => {
    expect(levelsProblem(levels)).toBeNull();
    expect(levelsProblem([])).toMatch(/level 1/);
    expect(levelsProblem([levels[0], levels[2]])).toMatch(/without gaps/);
    expect(levelsProblem([{ ...levels[0], growthRequired: 5 }])).toMatch(/growth 0/);
    expect(levelsProblem([levels[0], { ...levels[1], growthRequired: 0 }])).toMatch(/more growth/);
    expect(levelsProblem([levels[0], { ...levels[1], priceBp: 500 }])).toMatch(/10 %/);
    expect(levelsProblem(Array.from({ length: 11 }, (_, i) => ({ level: i + 1, name: 'x', growthRequired: i, priceBp: 10000 })))).toMatch(/at most 10/);
  });

  it('never lowers the level when growth rises (property)', () => {
    fc.assert(fc.property(levelsArb, fc.nat(20_000), fc.nat(20_000), (ls, a, b) => {
      expect(levelsProblem(ls)).toBeNull();
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(levelFor(ls, lo)).toBeLessThanOrEqual(levelFor(ls, hi));
      const l = levelFor(ls, lo);
      expect(lo).toBeGreaterThanOrEqual(ls[l - 1].growthRequired);
      if (l < ls.length) expect(lo).toBeLessThan(ls[l].growthRequired);
    }));
  });
});

describe('earning', () => {
  it('counts whole units of the currency only', () => {
    expect(earnedFor(12_999, 'CNY', 1)).toBe(129);
    expect(earnedFor(99, 'CNY', 5)).toBe(0);
    expect(earnedFor(10_000, 'CNY', 3)).toBe(300);
    expect(earnedFor(15_000, 'VND', 1)).toBe(15_000);
    expect(earnedFor(10_000, 'CNY', 0)).toBe(0);
  });
});

describe('spending and expiry', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
  const lots = [
    { id: 'b', remaining: 50, expiresAt: at(30) },
    { id: 'a', remaining: 20, expiresAt: at(10) },
    { id: 'old', remaining: 40, expiresAt: at(-1) },
  ];

  it('spends the lot that expires first, skipping expired ones', () => {
    expect(planSpend(lots, 30, now)).toEqual([{ lotId: 'a', take: 20 }, { lotId: 'b', take: 10 }]);
    expect(planSpend(lots, 70, now)).toEqual([{ lotId: 'a', take: 20 }, { lotId: 'b', take: 50 }]);
    expect(planSpend(lots, 71, now)).toBeNull();
    expect(expiredLots(lots, now).map((l) => l.id)).toEqual(['old']);
  });

  it('takes exactly the points asked, never more than a lot holds (property)', () => {
    const lotArb = fc.array(fc.record({ remaining: fc.integer({ min: 1, max: 1000 }), days: fc.integer({ min: -5, max: 400 }) }), { maxLength: 8 })
      .map((ls) => ls.map((l, i) => ({ id: `l${i}`, remaining: l.remaining, expiresAt: at(l.days) })));
    fc.assert(fc.property(lotArb, fc.integer({ min: 1, max: 5000 }), (ls, points) => {
      const valid = ls.filter((l) => l.expiresAt > now).reduce((s, l) => s + l.remaining, 0);
      const plan = planSpend(ls, points, now);
      if (points > valid) {
        expect(plan).toBeNull();
        return;
      }
      expect(plan!.reduce((s, p) => s + p.take, 0)).toBe(points);
      for (const p of plan!) {
        const lot = ls.find((l) => l.id === p.lotId)!;
        expect(p.take).toBeGreaterThan(0);
        expect(p.take).toBeLessThanOrEqual(lot.remaining);
        expect(lot.expiresAt > now).toBe(true);
      }
      // Only the last lot touched may be left partly full, and no lot expiring earlier is left unspent.
      const used = plan!.map((p) => ls.find((l) => l.id === p.lotId)!);
      const last = used[used.length - 1];
      for (const l of ls) if (l.expiresAt > now && l.expiresAt < last.expiresAt) expect(plan!.some((p) => p.lotId === l.id && p.take === l.remaining)).toBe(true);
    }));
  });
});

describe('taking back on refunds', () => {
  it('takes the refunded share, rounded down, and says what was already spent', () => {
    expect(takeBack({ earned: 100, paid: 10_000, refundedSoFar: 2_500, before: 0, available: 100 })).toEqual({ wanted: 25, taken: 25, shortfall: 0 });
    expect(takeBack({ earned: 99, paid: 10_000, refundedSoFar: 3_333, before: 0, available: 99 })).toEqual({ wanted: 32, taken: 32, shortfall: 0 });
    expect(takeBack({ earned: 100, paid: 10_000, refundedSoFar: 10_000, before: 25, available: 10 })).toEqual({ wanted: 75, taken: 10, shortfall: 65 });
    expect(takeBack({ earned: 0, paid: 10_000, refundedSoFar: 10_000, before: 0, available: 10 })).toEqual({ wanted: 0, taken: 0, shortfall: 0 });
  });

  it('partial refunds add up to what one refund would take, never more than earned nor below zero (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 6 }), fc.nat(200_000),
      (earned, paid, parts, availableStart) => {
        let refunded = 0;
        let before = 0;
        let available = availableStart;
        let taken = 0;
        for (const part of parts) {
          refunded = Math.min(paid, refunded + part);
          const r = takeBack({ earned, paid, refundedSoFar: refunded, before, available });
          expect(r.taken).toBeGreaterThanOrEqual(0);
          expect(r.taken).toBeLessThanOrEqual(available);
          expect(r.taken + r.shortfall).toBe(r.wanted);
          before += r.wanted;
          available -= r.taken;
          taken += r.taken;
        }
        expect(before).toBe(Math.floor((earned * refunded) / paid));
        expect(before).toBeLessThanOrEqual(earned);
        expect(taken).toBeLessThanOrEqual(availableStart);
      }));
  });
});

describe("points' value at checkout", () => {
  it('pays whole minor units, capped by the largest share of the order', () => {
    expect(pointsValue(250, 100)).toBe(2);
    expect(pointsValue(99, 100)).toBe(0);
    expect(usablePoints(10_000, 5_000, { pointsPerMinor: 1, maxPointsShareBp: 5000 })).toEqual({ points: 2_500, value: 2_500 });
    expect(usablePoints(1_234, 5_000, { pointsPerMinor: 10, maxPointsShareBp: 5000 })).toEqual({ points: 1_230, value: 123 });
    expect(usablePoints(1_000, 5_000, { pointsPerMinor: 1, maxPointsShareBp: 0 })).toEqual({ points: 0, value: 0 });
  });

  it('never spends more than held nor pays more than the share allows (property)', () => {
    fc.assert(fc.property(fc.nat(10_000_000), fc.nat(100_000_000), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 10000 }), (balance, amount, ppm, bp) => {
      const u = usablePoints(balance, amount, { pointsPerMinor: ppm, maxPointsShareBp: bp });
      expect(u.points).toBeLessThanOrEqual(balance);
      expect(u.value).toBe(pointsValue(u.points, ppm));
      expect(u.value * 10000).toBeLessThanOrEqual(amount * bp);
      expect(u.points % ppm).toBe(0);
    }));
  });
});
