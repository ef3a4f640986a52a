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

export type Shareable = { orderId: string; transactionId: string; remaining: number };

/** Splits an amount over shareable orders in the order given (oldest first); null when they cannot carry all of it. */
export function splitOverOrders(amount: number, orders: Shareable[]): { orderId: string; transactionId: string; amount: number }[] | null {
  const parts: { orderId: string; transactionId: string; amount: number }[] = [];
  let left = amount;
  for (const o of orders) {
    if (left <= 0) break;
    if (o.remaining <= 0) continue;
    const take = Math.min(left, o.remaining);
    parts.push({ orderId: o.orderId, transactionId: o.transactionId, amount: take });
    left -= take;
  }
  return left > 0 ? null : parts;
}

/** How a withdrawal ends once every share is final: paid when all arrived, else failed with the rest returned. */
export function outcomeOf(amount: number, shares: { amount: number; state: ShareState }[]): { event: 'paid' | 'fail'; paid: number; returned: number } | null {
  if (shares.some((s) => s.state === 'pending' || s.state === 'processing')) return null;
  const paid = shares.filter((s) => s.state === 'succeeded').reduce((n, s) => n + s.amount, 0);
  return { event: paid === amount ? 'paid' : 'fail', paid, returned: amount - paid };
}
