import { describe, expect, it } from 'vitest';
import { allocateDiscount, itemMachine, orderActions, orderMachine, settlementOf } from './rules.ts';

describe('order states', () => {
  it('follow the table from payment to completion', () => {
    let s = orderMachine.transition('awaiting_payment', 'pay');
    expect(s).toBe('awaiting_shipment');
    s = orderMachine.transition(s, 'ship_part');
    expect(s).toBe('partly_shipped');
    s = orderMachine.transition(s, 'ship_all');
    expect(s).toBe('awaiting_receipt');
    expect(orderMachine.transition(s, 'auto_receipt')).toBe('completed');
  });

  it('refuse what the table does not allow, naming what is allowed', () => {
    expect(() => orderMachine.transition('awaiting_shipment', 'cancel')).toThrow(/cannot "cancel"; allowed: change_address, ship_part, ship_all, refund_all/);
    expect(() => orderMachine.transition('awaiting_receipt', 'change_address')).toThrow();
    expect(() => orderMachine.transition('awaiting_shipment', 'lower_price')).toThrow();
    expect(() => orderMachine.transition('cancelled', 'pay')).toThrow(/final/);
    expect(orderMachine.can('completed', 'refund_all')).toBe(true);
    expect(itemMachine.can('awaiting_payment', 'ship')).toBe(false);
  });
});

describe('a lowered price shared over items', () => {
  it('adds up to the discount exactly, in proportion, never above an item', () => {
    expect(allocateDiscount([3333, 2000], 333)).toEqual([208, 125]);
    expect(allocateDiscount([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(allocateDiscount([100], 99)).toEqual([99]);
    expect(allocateDiscount([500, 500], 0)).toEqual([0, 0]);
    for (let n = 0; n < 200; n++) {
      const amounts = Array.from({ length: 1 + (n % 5) }, (_, i) => 1 + ((n * 7919 + i * 104729) % 100000));
      const total = amounts.reduce((a, b) => a + b, 0);
      const d = (n * 31337) % total;
      const shares = allocateDiscount(amounts, d);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(d);
      shares.forEach((x, i) => expect(x).toBeLessThanOrEqual(amounts[i]));
    }
    expect(() => allocateDiscount([10], 11)).toThrow();
  });
});

describe('settlement', () => {
  it('credits what was paid less refunds, less the commission of each item rounded half away from zero', () => {
    const s = settlementOf([
      { amount: 10000, discount: 0, refundedAmount: 0, commissionBp: 500 },
      { amount: 3333, discount: 333, refundedAmount: 1000, commissionBp: 250 },
    ]);
    expect(s).toEqual({ gross: 12000, commission: 500 + 50, net: 11450 });
    expect(settlementOf([{ amount: 10, discount: 0, refundedAmount: 0, commissionBp: 5000 - 1 }]).commission).toBe(5);
  });
});

describe('what the buyer and the merchant may do with an order', () => {
  it('follows the state machine, the main move first', () => {
    expect(orderActions('awaiting_payment', 'buyer')).toEqual(['pay', 'change_address', 'cancel']);
    expect(orderActions('awaiting_shipment', 'buyer')).toEqual(['change_address']);
    expect(orderActions('awaiting_receipt', 'buyer')).toEqual(['confirm_receipt']);
    expect(orderActions('awaiting_payment', 'merchant')).toEqual(['lower_price']);
    expect(orderActions('awaiting_shipment', 'merchant')).toEqual(['ship']);
    expect(orderActions('partly_shipped', 'merchant')).toEqual(['ship']);
    for (const s of ['completed', 'cancelled', 'closed_refunded'] as const) {
      expect([...orderActions(s, 'buyer'), ...orderActions(s, 'merchant')]).toEqual([]);
    }
  });
});
