import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.ts';
import {
  acceptEvent, acceptProposalEvent, afterSaleMachine, dueAtFor, merchantTimeoutEvent, refundableFor, timeoutEvent, type AfterSaleEvent,
} from './rules.ts';
import { AFTERSALE_STATES, OPEN_AFTERSALE_STATES, type AfterSaleState } from './schema.ts';

// Every row of the table, written out again: a changed row must change this list too.
const ROWS: [AfterSaleState, AfterSaleEvent, AfterSaleState][] = [
  ['merchant_processing', 'accept_refund', 'refunding'],
  ['merchant_processing', 'accept_return', 'waiting_buyer_return'],
  ['merchant_processing', 'merchant_timeout_refund', 'refunding'],
  ['merchant_processing', 'merchant_timeout_return', 'waiting_buyer_return'],
  ['merchant_processing', 'reject', 'merchant_rejected'],
  ['merchant_processing', 'propose', 'waiting_buyer_confirm'],
  ['merchant_processing', 'cancel', 'user_cancelled'],
  ['waiting_buyer_confirm', 'accept_proposal_refund', 'refunding'],
  ['waiting_buyer_confirm', 'accept_proposal_return', 'waiting_buyer_return'],
  ['waiting_buyer_confirm', 'decline_proposal', 'merchant_processing'],
  ['waiting_buyer_confirm', 'cancel', 'user_cancelled'],
  ['merchant_rejected', 'open_dispute', 'in_dispute'],
  ['merchant_rejected', 'cancel', 'user_cancelled'],
  ['merchant_rejected', 'dispute_window_passed', 'closed'],
  ['in_dispute', 'operator_refund', 'refunding'],
  ['in_dispute', 'operator_reject', 'closed'],
  ['waiting_buyer_return', 'ship_return', 'waiting_merchant_receipt'],
  ['waiting_buyer_return', 'return_timeout', 'return_closed'],
  ['waiting_buyer_return', 'cancel', 'user_cancelled'],
  ['waiting_merchant_receipt', 'confirm_receipt_refund', 'refunding'],
  ['waiting_merchant_receipt', 'reship_exchange', 'exchange_reshipped'],
  ['waiting_merchant_receipt', 'receipt_timeout', 'refunding'],
  ['exchange_reshipped', 'confirm_exchange', 'completed'],
  ['exchange_reshipped', 'exchange_timeout', 'completed'],
  ['refunding', 'refund_succeeded', 'refunded'],
  ['refunding', 'refund_failed', 'refund_failed'],
  ['refund_failed', 'retry_refund', 'refunding'],
];
const EVENTS = [...new Set(ROWS.map((r) => r[1]))];

describe('the after-sales state machine', () => {
  it.each(ROWS)('%s --%s--> %s', (from, event, to) => {
    expect(afterSaleMachine.transition(from, event)).toBe(to);
  });

  it('has exactly these rows', () => {
    expect(afterSaleMachine.table.map((t) => [t.from, t.event, t.to])).toEqual(ROWS);
  });

  it('refuses every other move with 409 after_sale_transition_not_allowed, and final states allow nothing', () => {
    for (const from of AFTERSALE_STATES) {
      for (const event of EVENTS) {
        if (ROWS.some((r) => r[0] === from && r[1] === event)) continue;
        let err: unknown;
        try { afterSaleMachine.transition(from, event); } catch (e) { err = e; }
        expect(err, `${from} ${event}`).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(409);
        expect((err as AppError).code).toBe('after_sale_transition_not_allowed');
      }
    }
    for (const s of ['refunded', 'user_cancelled', 'return_closed', 'completed', 'closed'] as const) {
      expect(OPEN_AFTERSALE_STATES).not.toContain(s);
      expect(afterSaleMachine.table.some((t) => t.from === s)).toBe(false);
    }
  });

  it('names the accept, timeout and proposal events by type', () => {
    expect(acceptEvent('refund')).toBe('accept_refund');
    expect(acceptEvent('return')).toBe('accept_return');
    expect(acceptEvent('exchange')).toBe('accept_return');
    expect(merchantTimeoutEvent('refund')).toBe('merchant_timeout_refund');
    expect(merchantTimeoutEvent('exchange')).toBe('merchant_timeout_return');
    expect(acceptProposalEvent('refund')).toBe('accept_proposal_refund');
    expect(acceptProposalEvent('return')).toBe('accept_proposal_return');
  });

  it('has a timeout event for each waiting state, a legal move of that state', () => {
    const waiting = ['merchant_processing', 'waiting_buyer_return', 'waiting_merchant_receipt', 'merchant_rejected', 'exchange_reshipped'] as const;
    for (const s of AFTERSALE_STATES) {
      for (const type of ['refund', 'return', 'exchange'] as const) {
        const e = timeoutEvent(s, type);
        if ((waiting as readonly string[]).includes(s)) {
          expect(e).not.toBeNull();
          expect(afterSaleMachine.can(s, e!)).toBe(true);
        } else expect(e).toBeNull();
      }
    }
    expect(timeoutEvent('merchant_processing', 'refund')).toBe('merchant_timeout_refund');
    expect(timeoutEvent('merchant_processing', 'return')).toBe('merchant_timeout_return');
  });
});

describe('deadlines', () => {
  const t = { merchantResponseHours: 48, buyerReturnDays: 7, merchantReceiptDays: 10, disputeWindowDays: 7, exchangeReceiptDays: 10 };
  const now = new Date('2026-11-01T08:00:00Z');
  const H = 3600_000;
  it.each([
    ['merchant_processing', 48],
    ['waiting_buyer_return', 7 * 24],
    ['waiting_merchant_receipt', 10 * 24],
    ['merchant_rejected', 7 * 24],
    ['exchange_reshipped', 10 * 24],
  ] as const)('%s is due %d hours later', (state, hours) => {
    expect(dueAtFor(state, now, t)!.getTime() - now.getTime()).toBe(hours * H);
  });
  it('no deadline where nobody is waited for', () => {
    for (const s of ['waiting_buyer_confirm', 'refunding', 'refunded', 'refund_failed', 'in_dispute', 'user_cancelled', 'completed', 'closed', 'return_closed'] as const) {
      expect(dueAtFor(s, now, t)).toBeNull();
    }
  });
  it('follows the settings', () => {
    expect(dueAtFor('merchant_processing', now, { ...t, merchantResponseHours: 1 })!.getTime() - now.getTime()).toBe(H);
  });
});

describe('what may be asked back', () => {
  const item = { quantity: 3, amount: 1000, discount: 1, refundedAmount: 0 };
  it('is the paid share of the quantity, rounded down', () => {
    expect(refundableFor(item, 1, false)).toBe(333);
    expect(refundableFor(item, 2, false)).toBe(666);
  });
  it('takes all that is left with the last units, so no cent is stranded', () => {
    expect(refundableFor({ ...item, refundedAmount: 666 }, 1, true)).toBe(333);
    expect(refundableFor({ ...item, refundedAmount: 333 }, 2, true)).toBe(666);
    expect(refundableFor(item, 3, true)).toBe(999);
  });
  it('is never more than is left unrefunded, never below zero', () => {
    expect(refundableFor({ ...item, refundedAmount: 900 }, 1, false)).toBe(99);
    expect(refundableFor({ ...item, refundedAmount: 999 }, 1, false)).toBe(0);
    expect(refundableFor({ ...item, refundedAmount: 999 }, 1, true)).toBe(0);
  });
  it('is zero for a free gift', () => {
    expect(refundableFor({ quantity: 1, amount: 500, discount: 500, refundedAmount: 0 }, 1, true)).toBe(0);
  });
});
