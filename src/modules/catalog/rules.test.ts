import { describe, expect, it } from 'vitest';
import { attrsKey, draftMachine, liveMachine, merchantMoves, newPrice, stockEvent, validateSkus } from './rules.ts';

const CAP = 100_000_000;

describe('percentage price changes', () => {
  it('round half away from zero in fen', () => {
    expect(newPrice(19900, { type: 'percent', percent: -10 }, CAP)).toBe(17910);
    expect(newPrice(999, { type: 'percent', percent: 5 }, CAP)).toBe(1049); // 49.95 -> 50
    expect(newPrice(999, { type: 'percent', percent: -5 }, CAP)).toBe(949); // -49.95 -> -50
    expect(newPrice(1, { type: 'percent', percent: 49 }, CAP)).toBe(1); // 0.49 -> 0
  });
  it('never make a price zero or negative, nor above the cap', () => {
    expect(() => newPrice(100, { type: 'amount', delta: -100 }, CAP)).toThrow(/above zero/);
    expect(() => newPrice(1, { type: 'percent', percent: -50 }, CAP)).toThrow(/above zero/); // 1 - 0.5 rounds to 0
    expect(() => newPrice(CAP, { type: 'percent', percent: 1 }, CAP)).toThrow(/cap/);
    expect(() => newPrice(100, { type: 'percent', percent: 1.234 }, CAP)).toThrow(/two decimals/);
  });
});

describe('product states', () => {
  it('a product sells out and comes back on restock; a banned product is final', () => {
    expect(stockEvent('listed', 0)).toBe('sell_out');
    expect(stockEvent('sold_out', 3)).toBe('restock');
    expect(stockEvent('delisted_by_merchant', 0)).toBeUndefined();
    expect(liveMachine.transition('sold_out', 'restock')).toBe('listed');
    expect(liveMachine.transition('listed', 'ban')).toBe('banned');
    expect(liveMachine.can('banned', 'reinstate')).toBe(false);
    expect(liveMachine.can('delisted_violation', 'relist')).toBe(false);
  });
  it('a draft in review cannot be edited until the review is cancelled', () => {
    expect(draftMachine.can('in_review', 'edit')).toBe(false);
    expect(draftMachine.transition('in_review', 'cancel_review')).toBe('editing');
    expect(draftMachine.transition('review_failed', 'submit')).toBe('in_review');
  });
});

describe('SKU matrix', () => {
  const attrs = [{ name: 'colour', values: ['red', 'blue'] }, { name: 'size', values: ['S', 'M'] }];
  it('attribute order does not make two combinations different', () => {
    expect(attrsKey({ size: 'S', colour: 'red' })).toBe(attrsKey({ colour: 'red', size: 'S' }));
    expect(() => validateSkus(attrs, [{ attrs: { colour: 'red', size: 'S' }, price: 1, stock: 0 }, { attrs: { size: 'S', colour: 'red' }, price: 2, stock: 0 }], CAP)).toThrow(/same combination/);
  });
  it('every SKU names one value of each attribute', () => {
    expect(() => validateSkus(attrs, [{ attrs: { colour: 'red' }, price: 1, stock: 0 }], CAP)).toThrow(/exactly one value/);
    expect(() => validateSkus(attrs, [{ attrs: { colour: 'green', size: 'S' }, price: 1, stock: 0 }], CAP)).toThrow(/not a value/);
  });
});

describe('what the merchant may do next with a product', () => {
  it('follows the state machines: submit a draft not in review, cancel one in review, delist what is on sale, relist what the merchant delisted', () => {
    expect(merchantMoves('not_live', 'new')).toEqual(['submit']);
    expect(merchantMoves('not_live', 'in_review')).toEqual(['cancel_review']);
    expect(merchantMoves('listed', 'review_passed')).toEqual(['delist']);
    expect(merchantMoves('sold_out', 'editing')).toEqual(['submit', 'delist']);
    expect(merchantMoves('delisted_by_merchant', 'review_failed')).toEqual(['submit', 'relist']);
    // The operator's delisting and a ban are not the merchant's to undo.
    expect(merchantMoves('delisted_violation', 'review_passed')).toEqual([]);
    expect(merchantMoves('banned', 'review_passed')).toEqual([]);
  });
});
