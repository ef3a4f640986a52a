import { describe, expect, it } from 'vitest';
import { applicationOutcome, depositDue, effectiveDeposit, planBulkChange, storeMachine, type CategoryChainLink } from './rules.ts';

const link = (over: Partial<CategoryChainLink> = {}): CategoryChainLink => ({ id: 1, deposit: null, depositReductionBp: 0, zeroDeposit: false, zeroDepositGmvThreshold: null, commissionBp: null, ...over });

describe('store life', () => {
  it('a store in review opens, may be closed by its merchant, and a closed store is final', () => {
    expect(storeMachine.transition('opening', 'review_complete')).toBe('open');
    expect(storeMachine.transition('open', 'request_close')).toBe('closing');
    expect(storeMachine.transition('closing', 'complete_close')).toBe('closed');
    expect(() => storeMachine.transition('closed', 'reopen')).toThrow(/final/);
  });
});

describe('deposits', () => {
  it('a store owes the highest deposit of its approved categories, after reductions', () => {
    const apparel = [link({ deposit: 500000 }), link(), link({ depositReductionBp: 5000 })];
    const jewellery = [link({ deposit: 5000000 }), link(), link()];
    expect(effectiveDeposit(apparel)).toBe(250000);
    expect(depositDue([apparel, jewellery], 0)).toBe(5000000);
  });
  it('a zero-deposit category costs nothing until the store passes its GMV threshold', () => {
    const zero = [link({ deposit: 200000 }), link(), link({ zeroDeposit: true, zeroDepositGmvThreshold: 1_000_000 })];
    expect(depositDue([zero], 999_999)).toBe(0);
    expect(depositDue([zero], 1_000_000)).toBe(200000);
  });
});

describe('applications', () => {
  it('open with qualifications is approved at once, targeted waits, paused is refused', () => {
    expect(applicationOutcome('open', ['food_business_licence'], ['food_business_licence'])).toEqual({ status: 'approved' });
    expect(applicationOutcome('targeted', [], [])).toEqual({ status: 'in_review' });
    expect(applicationOutcome('paused', [], [])).toEqual({ refused: 'category_paused' });
    expect(applicationOutcome('open', ['food_business_licence'], [])).toEqual({ refused: 'qualification_missing', missing: ['food_business_licence'] });
  });
});

describe('bulk changes', () => {
  const leaf = (id: number, policy: 'open' | 'targeted' | 'paused') => ({ leaf: { ...link({ id }), code: `c${id}`, policy }, chain: [link({ deposit: 100001 }), link(), link({ id })] });
  it('a deposit cut over 50 % is refused whole', () => {
    expect(() => planBulkChange([leaf(1, 'open')], { type: 'cut_deposit', percent: 51 }, 5000)).toThrow(/50/);
  });
  it('a cut rounds in minor units and only lists categories it changes', () => {
    const changes = planBulkChange([leaf(1, 'open')], { type: 'cut_deposit', percent: 50 }, 5000);
    expect(changes[0].after).toEqual({ deposit: 50000, reductionPercent: 50 });
    expect(planBulkChange([leaf(1, 'open'), leaf(2, 'targeted')], { type: 'set_policy', policy: 'open' }, 5000).map((c) => c.categoryId)).toEqual([2]);
  });
});
