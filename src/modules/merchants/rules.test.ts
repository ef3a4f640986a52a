import { describe, expect, it } from 'vitest';
import {
  applicationMachine, applicationOutcome, depositDue, entityApplicant, entityClaimMachine, effectiveDeposit, ledgerBalance, planBulkChange, reviewComplete, sniffDocumentType, storeMachine,
  type CategoryChainLink,
} from './rules.ts';

const link = (over: Partial<CategoryChainLink> = {}): CategoryChainLink => ({ id: 1, deposit: null, depositReductionBp: 0, zeroDeposit: false, zeroDepositGmvThreshold: null, commissionBp: null, ...over });

describe('store life', () => {
  it('a store in review opens, may be closed by its merchant, and a closed store is final', () => {
    expect(storeMachine.transition('opening', 'review_complete')).toBe('open');
    expect(storeMachine.transition('open', 'request_close')).toBe('closing');
    expect(storeMachine.transition('closing', 'complete_close')).toBe('closed');
    expect(() => storeMachine.transition('closed', 'reopen')).toThrow(/final/);
  });
});

describe('legal entities', () => {
  it("only the entity's owner attaches; any other account, or an entity without an owner, claims", () => {
    expect(entityApplicant('u1', 'u1')).toBe('owner');
    expect(entityApplicant('u1', 'u2')).toBe('claimant');
    expect(entityApplicant(null, 'u2')).toBe('claimant');
  });

  it('a claim needs its documents before review, is decided once, and a store refused its entity closes', () => {
    expect(() => entityClaimMachine.transition('documents_required', 'grant')).toThrow(/cannot "grant"/);
    expect(entityClaimMachine.transition('documents_required', 'submit')).toBe('in_review');
    expect(entityClaimMachine.transition('in_review', 'grant')).toBe('granted');
    expect(() => entityClaimMachine.transition('granted', 'reject')).toThrow(/final/);
    expect(() => entityClaimMachine.transition('rejected', 'submit')).toThrow(/final/);
    expect(storeMachine.transition('opening', 'entity_refused')).toBe('closed');
    expect(() => storeMachine.transition('open', 'entity_refused')).toThrow();
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

describe('bulk deposit cuts in percent', () => {
  const leaf = { leaf: { ...link({ id: 7 }), code: 'c7', policy: 'open' as const }, chain: [link({ deposit: 500000 }), link(), link({ id: 7 })] };
  it('a percent with two decimals is taken as written, although it is not exact in floating point', () => {
    for (const [percent, bp] of [[0.29, 29], [0.57, 57], [0.07, 7], [12.34, 1234], [33.33, 3333], [50, 5000]] as const) {
      expect(planBulkChange([leaf], { type: 'cut_deposit', percent }, 5000)[0].set).toEqual({ depositReductionBp: bp });
    }
  });
  it('finer than a hundredth of a percent is refused', () => {
    for (const percent of [0.001, 0.015, 12.345]) expect(() => planBulkChange([leaf], { type: 'cut_deposit', percent }, 5000)).toThrow(/between/);
  });
  it('the cut is of the base deposit, not compounded: cutting 50 % twice still leaves half', () => {
    const once = planBulkChange([leaf], { type: 'cut_deposit', percent: 50 }, 5000);
    const cut = { ...leaf, leaf: { ...leaf.leaf, depositReductionBp: 5000 }, chain: [leaf.chain[0], leaf.chain[1], link({ id: 7, depositReductionBp: 5000 })] };
    expect(once[0].after).toEqual({ deposit: 250000, reductionPercent: 50 });
    expect(planBulkChange([cut], { type: 'cut_deposit', percent: 50 }, 5000)).toEqual([]);
  });
});

describe('category applications', () => {
  it('only an application in review can be decided or withdrawn', () => {
    for (const from of ['approved', 'rejected', 'withdrawn'] as const) {
      for (const event of ['approve', 'reject', 'withdraw'] as const) expect(applicationMachine.can(from, event)).toBe(false);
    }
    expect(applicationMachine.transition('in_review', 'withdraw')).toBe('withdrawn');
  });
  it('a store opens only when nothing is left in review and something was approved', () => {
    expect(reviewComplete({ inReview: 0, approved: 1 })).toBe(true);
    expect(reviewComplete({ inReview: 1, approved: 3 })).toBe(false);
    expect(reviewComplete({ inReview: 0, approved: 0 })).toBe(false);
  });
});

describe('qualification documents are recognised by content', () => {
  it('PDF, PNG, JPEG and WebP are; HTML, GIF and a RIFF that is not WebP are not', () => {
    const b = (s: string | number[]) => new Uint8Array(typeof s === 'string' ? Buffer.from(s) : s);
    expect(sniffDocumentType(b('%PDF-1.7\n'))?.mime).toBe('application/pdf');
    expect(sniffDocumentType(b([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))?.mime).toBe('image/png');
    expect(sniffDocumentType(b([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe('image/jpeg');
    expect(sniffDocumentType(b('RIFF\x00\x00\x00\x00WEBPVP8 '))?.mime).toBe('image/webp');
    expect(sniffDocumentType(b('RIFF\x00\x00\x00\x00WAVEfmt '))).toBeUndefined();
    expect(sniffDocumentType(b('<html>'))).toBeUndefined();
    expect(sniffDocumentType(b('GIF89a'))).toBeUndefined();
    expect(sniffDocumentType(b(''))).toBeUndefined();
  });
});

describe('ledger', () => {
  it('payments add, deductions and refunds subtract', () => {
    expect(ledgerBalance([{ kind: 'payment', amount: 1000 }, { kind: 'deduction', amount: 300 }, { kind: 'refund', amount: 200 }])).toBe(500);
    expect(ledgerBalance([])).toBe(0);
  });
});
