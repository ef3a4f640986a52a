// Pure rules of withdrawals: the state machine, and how a withdrawal is split over the store's settled orders.
import { defineMachine } from '../../kernel/state-machine.ts';
import type { ShareState, WithdrawalState } from './schema.ts';

export type WithdrawalEvent = 'approve' | 'reject' | 'pay' | 'paid' | 'fail';

/**
 * requested -> approved (the operator, or at once within the auto limit) -> paying (split into profit-sharing orders)
 * -> paid | failed (what did not arrive comes back to the balance); requested -> rejected (all of it comes back);
 * approved -> failed when nothing can carry it (no shareable payments).
 */
export const withdrawalMachine = defineMachine<WithdrawalState, WithdrawalEvent>('withdrawal', [
  { from: 'requested', event: 'approve', to: 'approved' },
  { from: 'requested', event: 'reject', to: 'rejected' },
  { from: 'approved', event: 'pay', to: 'paying' },
  { from: 'approved', event: 'fail', to: 'failed' },
  { from: 'paying', event: 'paid', to: 'paid' },
  { from: 'paying', event: 'fail', to: 'failed' },
]);

/** States in which the operator still has something to decide or the money is on its way. */
export const OPEN_WITHDRAWAL_STATES: WithdrawalState[] = ['requested', 'approved', 'paying'];

/** Within the auto limit a withdrawal needs no operator. */
export function approvedAtOnce(amount: number, autoLimit: number) {
  return amount <= autoLimit;
}

/**
 * The most of one payment transaction that may be shared to receivers: its amount times the profit-sharing ratio
 * (basis points), rounded down to the minor unit, as WeChat Pay counts it.
 */
export function shareCap(transactionAmount: number, maxBp: number): number {
  return Math.floor((transactionAmount * maxBp) / 10_000);
}

/**
 * An order a withdrawal may take from: what it credited the store less what earlier withdrawals took of it
 * (remaining), and what its payment transaction may still share under the cap, over every store and withdrawal
 * (transactionRoom: the cap less the shares of that transaction not closed).
 */
export type Shareable = { orderId: string; transactionId: string; remaining: number; transactionRoom: number };

/**
 * Splits an amount over shareable orders in the order given (oldest first), each part within its order's remaining
 * and its transaction's room (two orders of one transaction share that room); null when they cannot carry all of it.
 */
export function splitOverOrders(amount: number, orders: Shareable[]): { orderId: string; transactionId: string; amount: number }[] | null {
  const parts: { orderId: string; transactionId: string; amount: number }[] = [];
  const used = new Map<string, number>();
  let left = amount;
  for (const o of orders) {
    if (left <= 0) break;
    const room = o.transactionRoom - (used.get(o.transactionId) ?? 0);
    const take = Math.min(left, o.remaining, room);
    if (take <= 0) continue;
    parts.push({ orderId: o.orderId, transactionId: o.transactionId, amount: take });
    used.set(o.transactionId, (used.get(o.transactionId) ?? 0) + take);
    left -= take;
  }
  return left > 0 ? null : parts;
}

/** What may be withdrawn now: the available balance, within what the settled orders can still carry under the cap less what is already asked for. */
export function withdrawableNow(available: number, shareable: number, waiting: number): number {
  return Math.max(0, Math.min(available, shareable - waiting));
}

/** How a withdrawal ends once every share is final: paid when all arrived, else failed with the rest returned. */
export function outcomeOf(amount: number, shares: { amount: number; state: ShareState }[]): { event: 'paid' | 'fail'; paid: number; returned: number } | null {
  if (shares.some((s) => s.state === 'pending' || s.state === 'processing')) return null;
  const paid = shares.filter((s) => s.state === 'succeeded').reduce((n, s) => n + s.amount, 0);
  return { event: paid === amount ? 'paid' : 'fail', paid, returned: amount - paid };
}
