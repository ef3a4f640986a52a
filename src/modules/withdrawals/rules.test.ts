import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shareCap, splitOverOrders, withdrawableNow, type Shareable } from './rules.ts';

describe('the profit-sharing cap', () => {
  it('is the transaction amount times the ratio, rounded down to the minor unit', () => {
    expect(shareCap(10_000, 3000)).toBe(3000);
    expect(shareCap(999, 3000)).toBe(299);
    expect(shareCap(1, 3000)).toBe(0);
    expect(shareCap(12_345, 10_000)).toBe(12_345);
  });

  it("a split never takes more of a transaction than its room, even when two orders share it", () => {
    const orders: Shareable[] = [
      { orderId: 'a', transactionId: 't1', remaining: 500, transactionRoom: 600 },
      { orderId: 'b', transactionId: 't1', remaining: 500, transactionRoom: 600 },
      { orderId: 'c', transactionId: 't2', remaining: 800, transactionRoom: 300 },
    ];
    expect(splitOverOrders(900, orders)).toEqual([
      { orderId: 'a', transactionId: 't1', amount: 500 },
      { orderId: 'b', transactionId: 't1', amount: 100 },
      { orderId: 'c', transactionId: 't2', amount: 300 },
    ]);
    expect(splitOverOrders(901, orders)).toBeNull();
  });

  it('property: parts add up to the amount, within each order and each transaction room, or there is no split', () => {
    const order = fc.record({ orderId: fc.uuid(), transactionId: fc.constantFrom('t1', 't2', 't3'), remaining: fc.integer({ min: -5, max: 5000 }), transactionRoom: fc.integer({ min: -5, max: 5000 }) });
    fc.assert(fc.property(fc.integer({ min: 1, max: 20_000 }), fc.uniqueArray(order, { selector: (o) => o.orderId, maxLength: 8 }), (amount, list) => {
      const rooms = new Map(list.map((o) => [o.transactionId, o.transactionRoom]));
      const fixed = list.map((o) => ({ ...o, transactionRoom: rooms.get(o.transactionId)! }));
      const parts = splitOverOrders(amount, fixed);
      if (!parts) return;
      expect(parts.reduce((n, p) => n + p.amount, 0)).toBe(amount);
      for (const p of parts) {
        expect(p.amount).toBeGreaterThan(0);
        expect(p.amount).toBeLessThanOrEqual(fixed.find((o) => o.orderId === p.orderId)!.remaining);
      }
      for (const [t, room] of rooms) expect(parts.filter((p) => p.transactionId === t).reduce((n, p) => n + p.amount, 0)).toBeLessThanOrEqual(Math.max(room, 0));
    }));
  });

  it('withdrawable now is the balance within what the cap still lets through, less what is already asked for', () => {
    expect(withdrawableNow(10_000, 3000, 0)).toBe(3000);
    expect(withdrawableNow(10_000, 3000, 1000)).toBe(2000);
    expect(withdrawableNow(1500, 3000, 0)).toBe(1500);
    expect(withdrawableNow(1500, 3000, 4000)).toBe(0);
  });
});
