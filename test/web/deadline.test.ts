// One rounding of "time left" for the buyer and the merchant, from the server's `dueAt` (web/src/lib/deadline.ts).
import { describe, expect, it } from 'vitest';
import { timeLeft } from '../../web/src/lib/deadline.ts';

const now = new Date('2026-03-01T10:00:00.000Z');
const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const due = (ms: number) => new Date(now.getTime() + ms).toISOString();
const read = (ms: number) => {
  const l = timeLeft(due(ms), now);
  return l.overdue ? 'overdue' : `${l.n} ${l.unit}`;
};

describe('timeLeft', () => {
  it('reads exactly N days as N days', () => {
    expect(read(7 * D)).toBe('7 day');
    expect(read(10 * D)).toBe('10 day');
  });
  it('reads N days minus a minute as N days too (rounded up, not down to N-1)', () => {
    expect(read(7 * D - M)).toBe('7 day');
    expect(read(10 * D - M)).toBe('10 day');
    expect(read(7 * D - 1)).toBe('7 day');
  });
  it('reads N days plus a minute as N+1 days', () => {
    expect(read(6 * D + M)).toBe('7 day');
  });
  it('switches to hours at two days and to minutes at one hour', () => {
    expect(read(2 * D + M)).toBe('3 day');
    expect(read(2 * D)).toBe('48 hour');
    expect(read(2 * D - M)).toBe('48 hour');
    expect(read(13 * H - M)).toBe('13 hour');
    expect(read(H)).toBe('60 minute');
    expect(read(25 * M - 1000)).toBe('25 minute');
    expect(read(1000)).toBe('1 minute');
  });
  it('is overdue at and past the deadline', () => {
    expect(read(0)).toBe('overdue');
    expect(read(-M)).toBe('overdue');
    expect(read(-3 * D)).toBe('overdue');
  });
  it('reads the same for both sides whatever form the instant takes', () => {
    expect(timeLeft(new Date(now.getTime() + 7 * D - M), now.getTime())).toEqual(timeLeft(due(7 * D - M), now));
  });
});
