import { describe, expect, it } from 'vitest';
import { applyBasisPoints, assertMinor } from './money.ts';

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
