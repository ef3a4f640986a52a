import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inPeriod, PERIOD_UNITS, periodOf, previousPeriod, samePeriodLastYear, type Period } from './periods.ts';

const HOUR = 3_600_000;
const span = (p: Period) => [p.label, p.start.toISOString(), p.end.toISOString()];
const of = (iso: string, unit: Period['unit'], zone: string) => periodOf(new Date(iso), unit, zone);

describe('a store\'s day, week, month and year', () => {
  it('turns at local midnight in Asia/Shanghai (UTC+8)', () => {
    expect(span(of('2026-12-03T15:59:59.999Z', 'day', 'Asia/Shanghai'))).toEqual(['2026-12-03', '2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z']);
    expect(span(of('2026-12-03T16:00:00.000Z', 'day', 'Asia/Shanghai'))).toEqual(['2026-12-04', '2026-12-03T16:00:00.000Z', '2026-12-04T16:00:00.000Z']);
    expect(of('2026-12-31T16:00:00.000Z', 'year', 'Asia/Shanghai').label).toBe('2027');
    expect(of('2026-12-31T15:59:59.999Z', 'year', 'Asia/Shanghai').label).toBe('2026');
  });

  it('turns at local midnight in Asia/Ho_Chi_Minh (UTC+7): the same instant is another day than in Shanghai', () => {
    const newYear = '2026-12-31T16:30:00.000Z'; // 00:30 on 1 January in Shanghai, 23:30 on 31 December in Hanoi
    expect(of(newYear, 'day', 'Asia/Shanghai').label).toBe('2027-01-01');
    expect(span(of(newYear, 'day', 'Asia/Ho_Chi_Minh'))).toEqual(['2026-12-31', '2026-12-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z']);
    expect(span(of(newYear, 'month', 'Asia/Ho_Chi_Minh'))).toEqual(['2026-12', '2026-11-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z']);
    expect(of('2026-12-31T17:00:00.000Z', 'month', 'Asia/Ho_Chi_Minh').label).toBe('2027-01');
  });

  it('follows the clock changes in Europe/Berlin: a 23-hour day in March, a 25-hour day in October', () => {
    const spring = of('2026-03-29T12:00:00Z', 'day', 'Europe/Berlin');
    expect(span(spring)).toEqual(['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    const autumn = of('2026-10-25T12:00:00Z', 'day', 'Europe/Berlin');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * HOUR);
    expect(span(of('2026-03-15T00:00:00Z', 'month', 'Europe/Berlin'))).toEqual(['2026-03', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(span(previousPeriod(of('2026-03-30T08:00:00Z', 'day', 'Europe/Berlin')))).toEqual(span(spring));
  });

  it('starts the day when the clocks jump where midnight does not exist (America/Santiago, 8 September 2024)', () => {
    expect(span(of('2024-09-08T12:00:00Z', 'day', 'America/Santiago'))).toEqual(['2024-09-08', '2024-09-08T04:00:00.000Z', '2024-09-09T03:00:00.000Z']);
  });

  it('counts weeks the ISO way, Monday to Sunday, across the new year', () => {
    const week = of('2027-01-01T04:00:00Z', 'week', 'Asia/Shanghai'); // a Friday
    expect(span(week)).toEqual(['2026-W53', '2026-12-27T16:00:00.000Z', '2027-01-03T16:00:00.000Z']);
    expect(previousPeriod(week).label).toBe('2026-W52');
    expect(of('2021-01-03T12:00:00Z', 'week', 'Asia/Shanghai').label).toBe('2020-W53');
  });

  it('compares with the same period a year earlier', () => {
    const z = 'Asia/Shanghai';
    expect(samePeriodLastYear(of('2026-11-11T04:00:00Z', 'day', z)).label).toBe('2025-11-11');
    expect(samePeriodLastYear(of('2028-02-29T04:00:00Z', 'day', z)).label).toBe('2027-02-28');
    expect(span(samePeriodLastYear(of('2027-01-01T04:00:00Z', 'week', z)))).toEqual(['2025-W52', '2025-12-21T16:00:00.000Z', '2025-12-28T16:00:00.000Z']);
    expect(samePeriodLastYear(of('2026-02-10T04:00:00Z', 'month', z)).label).toBe('2025-02');
    expect(samePeriodLastYear(of('2026-02-10T04:00:00Z', 'year', z)).label).toBe('2025');
    expect(previousPeriod(of('2026-01-10T04:00:00Z', 'month', z)).label).toBe('2025-12');
  });

  it('puts every moment in exactly one period, with periods following each other without gaps', () => {
    const moment = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t));
    const zone = fc.constantFrom('Asia/Shanghai', 'Asia/Ho_Chi_Minh', 'Europe/Berlin');
    fc.assert(fc.property(moment, fc.constantFrom(...PERIOD_UNITS), zone, (m, unit, z) => {
      const p = periodOf(m, unit, z);
      expect(inPeriod(p, m)).toBe(true);
      expect(periodOf(p.start, unit, z)).toEqual(p);
      expect(previousPeriod(p).end).toEqual(p.start);
      expect(periodOf(p.end, unit, z).start).toEqual(p.end);
      const ly = samePeriodLastYear(p);
      expect(Number(ly.label.slice(0, 4))).toBe(Number(p.label.slice(0, 4)) - 1);
      if (unit === 'day') expect([23, 24, 25]).toContain((p.end.getTime() - p.start.getTime()) / HOUR);
    }), { numRuns: 300 });
  });
});
