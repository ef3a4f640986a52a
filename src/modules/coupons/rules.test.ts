import { describe, expect, it } from 'vitest';
import { COUPON_STATES, HELD_COUPON_STATES } from './schema.ts';
import { couponMachine, heldCouponMachine, stateByWindow, useWindowOf, validateOffer, type OfferInput } from './rules.ts';

function allowedMoves<S extends string, E extends string>(m: { table: { from: S; event: E; to: S }[]; transition(from: S, e: E): S }, states: readonly S[], events: readonly E[], code: string) {
  for (const from of states) {
    for (const event of events) {
      const row = m.table.find((t) => t.from === from && t.event === event);
      if (row) expect(m.transition(from, event)).toBe(row.to);
      else expect(() => m.transition(from, event)).toThrow(expect.objectContaining({ status: 409, code }));
    }
  }
  return new Set(m.table.map((t) => `${t.from} ${t.event} ${t.to}`));
}

describe('a coupon offer moves by its claim window, and any live offer can be voided', () => {
  it('allows exactly the moves of the table; voided is final', () => {
    expect(allowedMoves(couponMachine, COUPON_STATES, ['start', 'end', 'void'] as const, 'coupon_transition_not_allowed')).toEqual(new Set([
      'scheduled start active', 'scheduled end expired', 'active end expired', 'scheduled void voided', 'active void voided', 'expired void voided',
    ]));
    expect(couponMachine.table.some((t) => t.from === 'voided')).toBe(false);
  });

  it('is scheduled before the window, active inside it and expired from its end', () => {
    const start = new Date('2026-12-01T00:00:00Z');
    const end = new Date('2026-12-08T00:00:00Z');
    expect(stateByWindow(new Date('2026-11-30T23:59:59Z'), start, end)).toBe('scheduled');
    expect(stateByWindow(start, start, end)).toBe('active');
    expect(stateByWindow(new Date('2026-12-07T23:59:59Z'), start, end)).toBe('active');
    expect(stateByWindow(end, start, end)).toBe('expired');
  });
});

describe("a held coupon: unused, locked by an unpaid order, used when it is paid, back to unused when it is cancelled", () => {
  it('allows exactly the moves of the table; expired and voided are final, used only comes back by a whole refund', () => {
    expect(allowedMoves(heldCouponMachine, HELD_COUPON_STATES, ['lock', 'use', 'release', 'give_back', 'expire', 'void'] as const, 'held_coupon_transition_not_allowed')).toEqual(new Set([
      'unused lock locked', 'locked use used', 'locked release unused', 'used give_back unused', 'unused expire expired', 'unused void voided',
    ]));
    for (const s of ['expired', 'voided'] as const) expect(heldCouponMachine.table.some((t) => t.from === s)).toBe(false);
    expect(heldCouponMachine.table.filter((t) => t.from === 'used').map((t) => t.event)).toEqual(['give_back']);
  });
});

describe('what a valid offer is', () => {
  const base: OfferInput = {
    title: 'Spring', scope: 'store', kind: 'spend_off', threshold: 10000, amount: 1000, audience: 'all', totalQuantity: 100,
    claimStartsAt: new Date('2026-12-01T00:00:00Z'), claimEndsAt: new Date('2026-12-10T00:00:00Z'), useWindow: 'days', useDays: 7,
  };
  const code = (o: Partial<OfferInput>) => {
    try {
      validateOffer({ ...base, ...o }, 20000);
      return 'ok';
    } catch (e) {
      return (e as { code: string }).code;
    }
  };

  it('accepts a percentage from 2-fold (2000 bp) to no discount (10000 bp), nothing outside', () => {
    expect(code({ kind: 'percent', payBp: 2000, amount: 0, threshold: 0 })).toBe('ok');
    expect(code({ kind: 'percent', payBp: 10000 })).toBe('ok');
    expect(code({ kind: 'percent', payBp: 1999 })).toBe('coupon_percent_invalid');
    expect(code({ kind: 'percent', payBp: 10001 })).toBe('coupon_percent_invalid');
    expect(code({ kind: 'percent', payBp: null })).toBe('coupon_percent_invalid');
  });

  it('takes less off than the amount to spend', () => {
    expect(code({ threshold: 1000, amount: 1000 })).toBe('coupon_threshold_invalid');
    expect(code({ threshold: 1001, amount: 1000 })).toBe('ok');
    expect(code({ amount: 0 })).toBe('coupon_amount_invalid');
  });

  it("keeps a flat reduction within the platform's limit", () => {
    expect(code({ kind: 'flat', amount: 20000 })).toBe('ok');
    expect(code({ kind: 'flat', amount: 20001 })).toBe('coupon_flat_too_large');
    expect(code({ kind: 'direct', amount: 50000 })).toBe('ok');
  });

  it('needs products for a product coupon and a level for a member-only one', () => {
    expect(code({ scope: 'product' })).toBe('coupon_products_required');
    expect(code({ scope: 'store', productIds: ['p'] })).toBe('coupon_products_unexpected');
    expect(code({ audience: 'members' })).toBe('coupon_min_level_required');
    expect(code({ audience: 'members', minLevel: 2 })).toBe('ok');
  });

  it('has coherent windows: ends after starts, a fixed use window outlasting the claim window, N days of at least 1', () => {
    expect(code({ claimEndsAt: base.claimStartsAt })).toBe('coupon_windows_invalid');
    expect(code({ useDays: 0 })).toBe('coupon_windows_invalid');
    const fixed = { useWindow: 'fixed' as const, useDays: null };
    expect(code({ ...fixed, useStartsAt: new Date('2026-12-01T00:00:00Z'), useEndsAt: new Date('2026-12-31T00:00:00Z') })).toBe('ok');
    expect(code({ ...fixed, useStartsAt: new Date('2026-12-01T00:00:00Z'), useEndsAt: new Date('2026-12-05T00:00:00Z') })).toBe('coupon_windows_invalid');
    expect(code({ ...fixed, useStartsAt: new Date('2026-12-31T00:00:00Z'), useEndsAt: new Date('2026-12-01T00:00:00Z') })).toBe('coupon_windows_invalid');
    expect(code({ totalQuantity: 0 })).toBe('coupon_quantity_invalid');
  });

  it('makes a held coupon usable for N days from claiming, or in the fixed window', () => {
    const at = new Date('2026-12-02T10:00:00Z');
    expect(useWindowOf({ useWindow: 'days', useDays: 3, useStartsAt: null, useEndsAt: null }, at)).toEqual({ validFrom: at, validUntil: new Date('2026-12-05T10:00:00Z') });
    const f = { useWindow: 'fixed' as const, useDays: null, useStartsAt: new Date('2026-12-01T00:00:00Z'), useEndsAt: new Date('2026-12-31T00:00:00Z') };
    expect(useWindowOf(f, at)).toEqual({ validFrom: f.useStartsAt, validUntil: f.useEndsAt });
  });
});
