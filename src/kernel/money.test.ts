import { describe, expect, it } from 'vitest';
import { LOCALE_TAGS, applyBasisPoints, assertMinor, formatMoney } from './money.ts';

describe('money in minor units', () => {
  it('basis points round half away from zero, in integers', () => {
    expect(applyBasisPoints(100001, 5000)).toBe(50001); // 50000.5
    expect(applyBasisPoints(100003, 5000)).toBe(50002); // 50001.5
    expect(applyBasisPoints(3, 3333)).toBe(1); // 0.9999
    expect(applyBasisPoints(1, 4999)).toBe(0); // 0.4999
    expect(applyBasisPoints(-100001, 5000)).toBe(-50001);
    expect(applyBasisPoints(500000, 29)).toBe(1450);
  });
  it('stays exact for the largest safe amounts, where floating point would not', () => {
    const big = Number.MAX_SAFE_INTEGER - 1; // even, so half is exact
    expect(applyBasisPoints(big, 5000)).toBe(big / 2);
    expect(applyBasisPoints(big, 10000)).toBe(big);
  });
  it('a fraction or an unsafe number is not money', () => {
    expect(() => assertMinor(1.5)).toThrow(RangeError);
    expect(() => applyBasisPoints(Number.MAX_SAFE_INTEGER + 2, 100)).toThrow(RangeError);
    expect(() => assertMinor(Number.NaN)).toThrow(RangeError);
  });
});

describe('money for people to read', () => {
  const nb = '\u00a0'; // Intl puts a no-break space between the amount and the currency where the locale has one
  it('in English: the currency first, a point before the fen', () => {
    expect(formatMoney(5_890, 'CNY', LOCALE_TAGS.en)).toBe('CN¥58.90');
    expect(formatMoney(1_234_505, 'CNY', LOCALE_TAGS.en)).toBe('CN¥12,345.05');
    expect(formatMoney(5_800, 'CNY', LOCALE_TAGS.en)).toBe('CN¥58');
    expect(formatMoney(150_000, 'VND', LOCALE_TAGS.en)).toBe('₫150,000');
    expect(formatMoney(-5, 'USD', LOCALE_TAGS.en)).toBe('-$0.05');
  });
  it('in Chinese: ¥ for the yuan', () => {
    expect(formatMoney(5_890, 'CNY', LOCALE_TAGS.zh)).toBe('¥58.90');
    expect(formatMoney(1_234_505, 'CNY', LOCALE_TAGS.zh)).toBe('¥12,345.05');
    expect(formatMoney(150_000, 'VND', LOCALE_TAGS.zh)).toBe('₫150,000');
  });
  it('in Vietnamese: a comma before the fen, points between thousands, the currency after', () => {
    expect(formatMoney(5_890, 'CNY', LOCALE_TAGS.vi)).toBe(`58,90${nb}CN¥`);
    expect(formatMoney(1_234_505, 'CNY', LOCALE_TAGS.vi)).toBe(`12.345,05${nb}CN¥`);
    expect(formatMoney(150_000, 'VND', LOCALE_TAGS.vi)).toBe(`150.000${nb}₫`);
  });
  it('stays exact where a float would not: the largest safe amount, to the fen', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'CNY', LOCALE_TAGS.en)).toBe('CN¥90,071,992,547,409.91');
    expect(formatMoney(1_234.6, 'CNY', LOCALE_TAGS.zh)).toBe('¥12.35'); // an average: to the nearest fen
  });
});
