import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.ts';
import {
  acceptEvent, acceptProposalEvent, afterSaleActions, afterSaleMachine, askableTypes, dueAtFor, merchantTimeoutEvent, refundableFor, timeoutEvent,
  refundableByQuantity, waitingFor, windowClosesAt, type AfterSaleEvent, type ItemFacts,
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

describe('what the buyer may ask about an item', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const item = (f: Partial<ItemFacts> = {}): ItemFacts => ({ state: 'received', refundState: 'none', requests: [], windowClosesAt: new Date('2026-03-11T00:00:00Z'), ...f });

  it('everything once shipped or received, only a refund before shipment', () => {
    expect(askableTypes(item(), now)).toEqual({ types: ['refund', 'return', 'exchange'], reason: null });
    expect(askableTypes(item({ state: 'shipped', windowClosesAt: null }), now)).toEqual({ types: ['refund', 'return', 'exchange'], reason: null });
    expect(askableTypes(item({ state: 'awaiting_shipment', windowClosesAt: null }), now)).toEqual({ types: ['refund'], reason: null });
    // A partial refund leaves the rest askable; requests closed before do not block.
    expect(askableTypes(item({ refundState: 'partial', requests: ['refunded', 'user_cancelled'] }), now).types).toHaveLength(3);
  });

  it('nothing, saying why: unpaid, refunded, window closed, a request open, five asked', () => {
    expect(askableTypes(item({ state: 'awaiting_payment' }), now)).toEqual({ types: [], reason: 'not_paid' });
    expect(askableTypes(item({ state: 'cancelled' }), now).reason).toBe('not_paid');
    expect(askableTypes(item({ state: 'closed' }), now).reason).toBe('refunded');
    expect(askableTypes(item({ refundState: 'full' }), now).reason).toBe('refunded');
    expect(askableTypes(item({ windowClosesAt: now }), now).reason).toBe('window_closed');
    expect(askableTypes(item({ requests: ['user_cancelled', 'merchant_rejected'] }), now).reason).toBe('request_open');
    expect(askableTypes(item({ requests: ['user_cancelled', 'refunded', 'closed', 'return_closed', 'completed'] }), now).reason).toBe('limit_reached');
  });

  it('the window closes at settlement, or later when the store gives more days now', () => {
    const receivedAt = new Date('2026-03-01T00:00:00Z');
    const settleAt = new Date('2026-03-08T00:00:00Z');
    expect(windowClosesAt({ receivedAt: null, settleAt: null }, 15)).toBeNull();
    expect(windowClosesAt({ receivedAt, settleAt }, null)).toEqual(settleAt);
    expect(windowClosesAt({ receivedAt, settleAt }, 5)).toEqual(settleAt);
    expect(windowClosesAt({ receivedAt, settleAt }, 15)).toEqual(new Date('2026-03-16T00:00:00Z'));
  });
});

describe('what each side may do with a request', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const later = new Date('2026-03-11T00:00:00Z');
  const req = (state: AfterSaleState, type: 'refund' | 'return' | 'exchange' = 'refund', dueAt: Date | null = later) => ({ state, type, dueAt });

  it('the buyer: withdraw, answer an offer, dispute a rejection in time, send the return, confirm the replacement', () => {
    expect(afterSaleActions(req('merchant_processing'), 'buyer', now)).toEqual(['cancel']);
    expect(afterSaleActions(req('waiting_buyer_confirm'), 'buyer', now)).toEqual(['accept-proposal', 'decline-proposal', 'cancel']);
    expect(afterSaleActions(req('merchant_rejected'), 'buyer', now)).toEqual(['dispute', 'cancel']);
    expect(afterSaleActions(req('merchant_rejected', 'refund', now), 'buyer', now)).toEqual(['cancel']);
    expect(afterSaleActions(req('waiting_buyer_return', 'return'), 'buyer', now)).toEqual(['return-shipment', 'cancel']);
    expect(afterSaleActions(req('exchange_reshipped', 'exchange'), 'buyer', now)).toEqual(['confirm-exchange']);
    expect(afterSaleActions(req('in_dispute'), 'buyer', now)).toEqual([]);
  });

  it('the merchant: answer, confirm the return (or reship an exchange), send a failed refund again', () => {
    expect(afterSaleActions(req('merchant_processing'), 'merchant', now)).toEqual(['accept', 'propose', 'reject']);
    expect(afterSaleActions(req('waiting_merchant_receipt', 'return'), 'merchant', now)).toEqual(['confirm-receipt']);
    expect(afterSaleActions(req('waiting_merchant_receipt', 'exchange'), 'merchant', now)).toEqual(['reship']);
    expect(afterSaleActions(req('refund_failed'), 'merchant', now)).toEqual(['retry-refund']);
    expect(afterSaleActions(req('waiting_buyer_confirm'), 'merchant', now)).toEqual([]);
  });

  it('the operator: decide a dispute, send a failed refund again', () => {
    expect(afterSaleActions(req('in_dispute'), 'operator', now)).toEqual(['decide']);
    expect(afterSaleActions(req('refund_failed'), 'operator', now)).toEqual(['retry-refund']);
    expect(afterSaleActions(req('merchant_processing'), 'operator', now)).toEqual([]);
  });

  it('final states allow nobody anything', () => {
    for (const state of AFTERSALE_STATES.filter((s) => !OPEN_AFTERSALE_STATES.includes(s))) {
      for (const role of ['buyer', 'merchant', 'operator'] as const) expect(afterSaleActions(req(state), role, now), `${state} ${role}`).toEqual([]);
    }
  });
});

describe('who a request waits for', () => {
  it('is the side whose move or deadline is next; nobody once final', () => {
    expect(waitingFor('merchant_processing')).toBe('merchant');
    expect(waitingFor('merchant_rejected')).toBe('buyer');
    expect(waitingFor('in_dispute')).toBe('operator');
    expect(waitingFor('refunding')).toBe('payment');
    for (const s of AFTERSALE_STATES) expect(waitingFor(s) === null, s).toBe(!OPEN_AFTERSALE_STATES.includes(s));
  });
});

describe('what may be asked back for each quantity', () => {
  it('is the paid share per unit, the rest for the last units, none for units refunded already', () => {
    const item = { quantity: 3, amount: 10_000, discount: 1, refundedAmount: 0 };
    expect(refundableByQuantity(item, 0)).toEqual([3333, 6666, 9999]);
    // One unit came back for 3333: two are left, and the last takes the rest (no cent stranded).
    expect(refundableByQuantity({ ...item, refundedAmount: 3333 }, 1)).toEqual([3333, 6666]);
    expect(refundableByQuantity({ ...item, refundedAmount: 9999 }, 3)).toEqual([]);
  });
});
